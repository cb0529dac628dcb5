import { fileName } from '../fileName';

/**
 * A chart's export file, named by what it holds and the date of its figures, so a folder of
 * exports reads as a list: "Long waiters by specialty" on 7 December 2026 as CSV is
 * `long-waiters-by-specialty-2026-12-07.csv`. Letters and digits only, safe on every system.
 */
export function exportFilename(title: string, date: string, extension: string): string {
	return fileName([title, date], extension);
}

/** The first chart SVG in a container, serialised as a standalone file. */
export function svgMarkup(container: Element): string | null {
	const svg = container.querySelector('svg');
	if (!svg) return null;
	const copy = svg.cloneNode(true) as SVGSVGElement;
	copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
	if (!copy.getAttribute('width')) copy.setAttribute('width', String(svg.clientWidth));
	if (!copy.getAttribute('height')) copy.setAttribute('height', String(svg.clientHeight));
	// a white ground, so the PNG and SVG read the same on a dark viewer
	const ground = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
	ground.setAttribute('width', '100%');
	ground.setAttribute('height', '100%');
	ground.setAttribute('fill', 'white');
	copy.insertBefore(ground, copy.firstChild);
	return new XMLSerializer().serializeToString(copy);
}

/** Renders SVG markup to a PNG at `scale` times its size (2 for a sharp slide). */
export async function pngFromSvg(markup: string, scale = 2): Promise<Blob> {
	const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
	try {
		const image = new Image();
		image.src = url;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = Math.ceil(image.naturalWidth * scale);
		canvas.height = Math.ceil(image.naturalHeight * scale);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('this browser cannot draw to a canvas');
		context.scale(scale, scale);
		context.drawImage(image, 0, 0);
		return await new Promise((resolve, reject) =>
			canvas.toBlob(
				(blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))),
				'image/png'
			)
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** Offers a file to the user as a download. */
export function download(content: Blob | string, filename: string, type = 'text/plain'): void {
	const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
