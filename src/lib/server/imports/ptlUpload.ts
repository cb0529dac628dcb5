/**
 * The PTL import over HTTP, for files of any size: the extract is the whole request body, saved
 * to disk as it arrives (`saveUpload`), and the answer is NDJSON (src/lib/contracts/ptlImport.ts):
 * a progress line every PROGRESS_EVERY rows of each pass, then the report, or the refusal that
 * stopped it. `POST /api/imports/ptl/check` is the dry run; `POST /api/imports/ptl` writes.
 */
import type { Database } from '../../../../db';
import type { PtlImportLine } from '../../contracts/ptlImport';
import { isIsoDate } from '../../domain/rtt';
import { AppError } from '../errors';
import { logFailure } from '../log';
import { trustToday } from '../trustCalendar';
import { importPtl } from './ptl';
import { sourceMapping } from './sources';
import { saveUpload } from './upload';

/**
 * `?extractDate=YYYY-MM-DD` (today on the trust's clocks when absent), `?name=` the file's and
 * `?source=<id>` the saved source whose header mapping applies.
 */
async function readQuery(db: Database, url: URL) {
	const extractDate = url.searchParams.get('extractDate') || (await trustToday(db));
	const shown = extractDate.slice(0, 20);
	if (!isIsoDate(extractDate)) throw new AppError('invalid', `extractDate: ${shown} is not a date`);
	const name = (url.searchParams.get('name') ?? '').trim().slice(0, 200) || 'the file';
	const source = url.searchParams.get('source');
	const mapping = source ? await sourceMapping(db, { id: source }) : {};
	return { extractDate, name, mapping };
}

export async function ptlImportResponse(
	db: Database,
	request: Request,
	url: URL,
	options: { dryRun: boolean; userId: number; requestId: string }
): Promise<Response> {
	const { extractDate, name, mapping } = await readQuery(db, url);
	if (!request.body) throw new AppError('invalid', 'Send the CSV or XLSX file as the request body');
	const saved = await saveUpload(request.body);
	const encoder = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (line: PtlImportLine) =>
				controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
			try {
				const report = await importPtl(db, saved.path, {
					extractDate,
					dryRun: options.dryRun,
					userId: options.userId,
					fileName: name,
					mapping,
					onProgress: (progress) => send({ progress })
				});
				send({ report, dryRun: options.dryRun });
			} catch (err) {
				if (err instanceof AppError) {
					const unmapped = err.details.unmapped as string[] | undefined;
					send(unmapped ? { message: err.message, unmapped } : { message: err.message });
				} else {
					logFailure('PTL import failed', { requestId: options.requestId }, err);
					send({
						message: `The import failed unexpectedly and wrote nothing (request ${options.requestId})`
					});
				}
			} finally {
				await saved.remove();
				controller.close();
			}
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' }
	});
}
