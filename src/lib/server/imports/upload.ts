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

export interface SavedUpload {
	path: string;
	/** Removes the file and its folder; safe to call more than once. */
	remove: () => Promise<void>;
}

/**
 * Writes a body to a new private file. A body cut off past the server's size cap is a 413; the
 * folder is removed when writing fails.
 */
export async function saveUpload(body: ReadableStream<Uint8Array>): Promise<SavedUpload> {
	const dir = await mkdtemp(join(tmpdir(), 'waitwise-upload-'));
	const remove = () => rm(dir, { recursive: true, force: true });
	const path = join(dir, 'upload');
	try {
		await pipeline(
			Readable.fromWeb(body as WebReadableStream<Uint8Array>),
			createWriteStream(path, { mode: 0o600 })
		);
	} catch (err) {
		await remove();
		const status = (err as { status?: unknown }).status;
		if (status === 413) throw new AppError('too-large', (err as Error).message);
		throw err;
	}
	return { path, remove };
}

/** A form's file field, saved for `work` and removed afterwards. */
export async function withUploadedFile<T>(
	value: FormDataEntryValue | null,
	field: string,
	work: (path: string, name: string) => Promise<T>
): Promise<T> {
	if (!(value instanceof File) || value.size === 0) {
		throw new AppError('invalid', `${field}: choose a CSV or XLSX file`);
	}
	const saved = await saveUpload(value.stream());
	try {
		return await work(saved.path, value.name || 'the file');
	} finally {
		await saved.remove();
	}
}
