/**
 * PTL import page (issue 14): a coordinator checks an extract (dry run) and reads each rejected
 * row's line and reasons; only an admin is offered the import; a file lacking a required column
 * is refused as a whole, naming it. Dry runs only, so the shared demo trust stays as it is.
 */
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
