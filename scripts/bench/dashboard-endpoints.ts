import type { Endpoint } from '../bench-dashboards';
import { cachedRecordsDashboard, recordsDashboard } from '../../src/lib/server/dashboards/records';

/** The records dashboard's endpoint, for the trust over its default 12 weeks and for one week. */
export function recordsEndpoints(): Endpoint[] {
	return [
		{
			name: 'records, whole trust, 12 weeks',
			run: (db) => recordsDashboard(db, { siteId: null, weeks: 12 }),
			cached: (db) => cachedRecordsDashboard(db, { siteId: null, weeks: 12 })
		},
		{
			name: 'records, whole trust, 1 week',
			run: (db) => recordsDashboard(db, { siteId: null, weeks: 1 }),
			cached: (db) => cachedRecordsDashboard(db, { siteId: null, weeks: 1 })
		}
	];
}
