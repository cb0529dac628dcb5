/**
 * The rows of docs/examples/national-rtt.csv, written by `rttCsv` (the published "Full CSV data
 * file" layout, 121 columns): one synthetic provider's October 2026, two commissioners. The
 * examples test checks the committed file is exactly these rows written.
 */
import type { FixtureRow } from '../../src/lib/domain/nationalRttFixture';

const provider = { provider: 'ZZ9', providerName: 'EXAMPLE HOSPITALS NHS TRUST' };

export const EXAMPLE_RTT_ROWS: FixtureRow[] = [
	{ ...provider, part: 'Part_2', specialty: 'C_110', bands: { 0: 10, 5: 8, 20: 4, 60: 2 } },
	{ ...provider, part: 'Part_2', specialty: 'C_999', bands: { 0: 10, 5: 8, 20: 4, 60: 2 } },
	{
		...provider,
		commissioner: '00B',
		part: 'Part_2',
		specialty: 'C_110',
		bands: { 1: 6, 30: 1 }
	},
	{
		...provider,
		commissioner: '00B',
		part: 'Part_2',
		specialty: 'C_999',
		bands: { 1: 6, 30: 1 }
	},
	{ ...provider, part: 'Part_2A', specialty: 'C_999', bands: { 5: 3, 20: 2 } },
	{ ...provider, part: 'Part_1A', specialty: 'C_999', bands: { 10: 4, 30: 1 } },
	{ ...provider, part: 'Part_1B', specialty: 'C_999', bands: { 2: 12, 8: 5 } },
	{ ...provider, part: 'Part_3', specialty: 'C_999', total: 15, unknownStart: 0 }
];
