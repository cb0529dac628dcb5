/**
 * Job plans (issue 14 part 2) on the demo trust: an admin checks a template file (a dry run that
 * writes nothing), imports it, previews a week and generates it, and the sessions appear (on the
 * page and in the FHIR Slot export). The week is far ahead of the demo's horizon, and the code is
 * this test's own, so no other test sees these sessions.
 */
import { expect, test } from './test';
import { signIn, visit } from './session';

const WEEK = { from: '2027-11-01', to: '2027-11-07' };
const TEMPLATES = [
	'template_code,kind,site_code,location,specialty_code,consultant_code,weekday,start_time,' +
		'end_time,bookable_minutes,slot_minutes,slot_types,valid_from,valid_to,every_weeks',
	'E2E-JP-WED,theatre,WGH,,120,,Wed,08:30,12:30,225,,,2027-11-01,2027-11-07,',
	'E2E-JP-BAD,clinic,WGH,,120,,Thu,11:00,10:00,60,15,,2027-11-01,2027-11-07,'
].join('\n');

test('an admin checks and imports a job plan, previews and generates a week, and the sessions appear', async ({
	page
}) => {
	await signIn(page, 'admin@demo.test');
	const slotsOnWednesday = async () => {
		const res = await page.request.get('/api/fhir/Slot?from=2027-11-03&to=2027-11-03');
		expect(res.status()).toBe(200);
		const bundle = (await res.json()) as { entry?: { resource: { resourceType: string } }[] };
		return (bundle.entry ?? []).filter((e) => e.resource.resourceType === 'Slot').length;
	};
	const before = await slotsOnWednesday();

	await visit(page, '/admin/job-plans');
	await page
		.getByLabel('File')
		.setInputFiles({ name: 'job-plan.csv', mimeType: 'text/csv', buffer: Buffer.from(TEMPLATES) });
	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	const imported = page.getByTestId('import-report');
	await expect(
		imported.getByRole('heading', { name: 'Dry run: nothing was written' })
	).toBeVisible();
	await expect(imported).toContainText('2 rows: 1 accepted, 1 rejected; created 1');
	await expect(imported.getByRole('row', { name: /^3 E2E-JP-BAD/ })).toContainText(
		'end_time: 10:00 is not after the start (11:00)'
	);
	await expect(page.getByRole('cell', { name: 'E2E-JP-WED' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(imported.getByRole('heading', { name: 'Imported' })).toBeVisible();
	const template = page.getByTestId('templates').getByRole('row', { name: /^E2E-JP-WED/ });
	await expect(template).toContainText('Wed');
	await expect(template).toContainText('08:30–12:30');

	await page.getByLabel('From').fill(WEEK.from);
	await page.getByLabel('To').fill(WEEK.to);
	await page.getByRole('button', { name: 'Preview' }).click();
	const generated = page.getByTestId('generate-report');
	await expect(
		generated.getByRole('heading', { name: /^Preview: nothing was written/ })
	).toBeVisible();
	await expect(
		generated.getByTestId('generated-sessions').getByRole('row', { name: /2027-11-03 E2E-JP-WED/ })
	).toContainText('new');
	expect(await slotsOnWednesday()).toBe(before);

	await page.getByRole('button', { name: 'Generate', exact: true }).click();
	await expect(generated.getByRole('heading', { name: /^Generated/ })).toBeVisible();
	await expect(generated).toContainText('New 1,');
	await expect(template.getByRole('cell').last()).toHaveText('1');
	expect(await slotsOnWednesday()).toBeGreaterThan(before);

	// generating the same week again makes nothing new
	await page.getByRole('button', { name: 'Generate', exact: true }).click();
	await expect(generated).toContainText('New 0, changed 0, already there 1');
});
