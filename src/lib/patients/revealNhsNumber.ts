/**
 * Reveals the NHS number of a pathway's patient (the PTL and the patient page both mask it): an
 * audited action on the server, so a POST, never a preloaded read. The number as shown, or the
 * sentence to show when it could not be revealed.
 */
export async function revealNhsNumber(
	pathwayId: number
): Promise<{ nhsNumber: string } | { error: string }> {
	const res = await fetch(`/api/pathways/${pathwayId}/nhs-number`, { method: 'POST' });
	if (!res.ok) return { error: `Could not reveal the NHS number (${res.status})` };
	return (await res.json()) as { nhsNumber: string };
}
