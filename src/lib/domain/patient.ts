/** How a patient is named on screen: "SMITH, Ann" (family name first, as on the PTL and lists). */
export function patientName(p: { familyName: string; givenName: string }): string {
	return `${p.familyName.toUpperCase()}, ${p.givenName}`;
}
