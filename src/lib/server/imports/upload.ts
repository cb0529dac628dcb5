/**
 * An uploaded file, streamed to a private temporary folder (never held whole in memory) for the
 * importers, which read it twice; removed when the work is done, whatever happens.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../errors';

export async function withUploadedFile<T>(
	value: FormDataEntryValue | null,
	field: string,
	work: (path: string, name: string) => Promise<T>
): Promise<T> {
	if (!(value instanceof File) || value.size === 0) {
		throw new AppError('invalid', `${field}: choose a CSV or XLSX file`);
	}
	const dir = await mkdtemp(join(tmpdir(), 'waitwise-upload-'));
	try {
		const path = join(dir, 'upload');
		await pipeline(
			Readable.fromWeb(value.stream() as WebReadableStream<Uint8Array>),
			createWriteStream(path, { mode: 0o600 })
		);
		return await work(path, value.name || 'the file');
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
