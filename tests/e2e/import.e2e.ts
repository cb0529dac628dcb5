/**
 * PTL import page (issue 14): a coordinator checks an extract (dry run) and reads each rejected
 * row's line and reasons; only an admin is offered the import; a file lacking a required column
 * is refused as a whole, naming it; an admin maps unknown headers and saves them under a source.
 * Dry runs only, so the shared demo trust stays as it is (a saved source is all that is written).
 */
import { nhsCheckDigit } from '../../src/lib/domain/rtt';
import { expect, test } from './test';
import { signIn, visit } from './session';

const HEADER =
	'patient_pathway_identifier,organisation_code_patient_pathway_identifier_issuer,nhs_number,' +
	'person_family_name,person_given_name,person_birth_date,activity_treatment_function_code,' +
	'waiting_list_type,referral_to_treatment_period_start_date';

const EXTRACT = [
	HEADER,
	'E2E1,EEX,9434765919,Testpatient,Ann,04/05/1970,110,ORTT,01/06/2026',
	'E2E2,EEX,9434765918,Testpatient,Bob,1971-01-02,999,IRTT,2026-07-01'
].join('\n');

test('a coordinator checks an extract: the dry run names each rejected line and writes nothing', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/admin/import');
	await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
	await page.getByLabel('Extract date').fill('2026-12-01');
	await page
		.getByLabel('File')
		.setInputFiles({ name: 'extract.csv', mimeType: 'text/csv', buffer: Buffer.from(EXTRACT) });
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	await expect(page.getByRole('heading', { name: 'Dry run: nothing was written' })).toBeVisible();
	await expect(page.getByTestId('rows')).toHaveText('2');
	await expect(page.getByTestId('accepted')).toHaveText('1');
	await expect(page.getByTestId('created')).toHaveText('1');
	const row = page.getByRole('row', { name: /^3 E2E2/ });
	await expect(row).toContainText('nhs_number: 9434765918 fails the Modulus 11 check');
	await expect(row).toContainText(
		'activity_treatment_function_code: "999" is not a national treatment function code'
	);
	// nothing was written: the same check again still creates it
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	await expect(page.getByTestId('created')).toHaveText('1');
});

test('an admin is offered the import; a file lacking a required column is refused, named', async ({
	page
}) => {
	await signIn(page, 'admin@demo.test');
	await visit(page, '/admin/import');
	await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeVisible();
	await page.getByLabel('File').setInputFiles({
		name: 'short.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(HEADER.replace(',nhs_number', '') + '\nx\n')
	});
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'short.csv, line 1: The header lacks required column: nhs_number'
	);
});

/** `rows` valid outpatient rows, about 100 bytes each: well past what a form may carry. */
function bigExtract(rows: number): string {
	const lines = [HEADER];
	let nine = 999_100_000;
	for (let i = 0; i < rows; i++) {
		let check: number | null;
		while ((check = nhsCheckDigit(String(++nine))) === null);
		lines.push(`BIG${i},EEX,${nine}${check},Testpatient,Ann,1970-05-04,110,ORTT,2026-06-01`);
	}
	return lines.join('\n');
}

test('a coordinator checks a whole trust-sized extract from the page, with a progress bar', async ({
	page
}) => {
	const file = Buffer.from(bigExtract(25_000));
	expect(file.byteLength).toBeGreaterThan(1.5 * 2 ** 20);
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/admin/import');
	await page.getByLabel('Extract date').fill('2026-12-01');
	await page
		.getByLabel('File')
		.setInputFiles({ name: 'whole-ptl.csv', mimeType: 'text/csv', buffer: file });
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	// the bar counts the rows as the server reads them
	await expect(page.getByRole('progressbar', { name: /Checking|Writing/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Dry run: nothing was written' })).toBeVisible({
		timeout: 60_000
	});
	await expect(page.getByTestId('rows')).toHaveText('25000');
	await expect(page.getByTestId('accepted')).toHaveText('25000');
	await expect(page.getByTestId('created')).toHaveText('25000');
});

test("an admin maps a PAS's own headers once, saves them under the source, and the source applies them", async ({
	page
}) => {
	const local = EXTRACT.replace(
		HEADER,
		HEADER.replace('patient_pathway_identifier', 'Pathway ID').replace('nhs_number', 'NHS No')
	);
	await signIn(page, 'admin@demo.test');
	await visit(page, '/admin/import');
	await page.getByLabel('Extract date').fill('2026-12-01');
	await page
		.getByLabel('File')
		.setInputFiles({ name: 'lorenzo.csv', mimeType: 'text/csv', buffer: Buffer.from(local) });
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'lorenzo.csv, line 1: The header lacks required columns: patient_pathway_identifier, nhs_number'
	);
	await page.getByLabel('Column for Pathway ID').selectOption('patient_pathway_identifier');
	await page.getByLabel('Column for NHS No').selectOption('nhs_number');
	await page.getByLabel('Source name').fill('Lorenzo PAS weekly (e2e)');
	await page.getByRole('button', { name: 'Save mapping' }).click();
	await expect(page.getByRole('status')).toContainText(
		'Saved the mapping as "Lorenzo PAS weekly (e2e)"'
	);
	await expect(page.getByRole('combobox', { name: /^Source/ })).toHaveValue(/\d+/);
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	await expect(page.getByRole('heading', { name: 'Dry run: nothing was written' })).toBeVisible();
	await expect(page.getByTestId('rows')).toHaveText('2');
	await expect(page.getByTestId('accepted')).toHaveText('1');
	// a fresh visit offers the saved source by name
	await visit(page, '/admin/import');
	await expect(page.getByRole('combobox', { name: /^Source/ })).toContainText(
		'Lorenzo PAS weekly (e2e)'
	);
});
