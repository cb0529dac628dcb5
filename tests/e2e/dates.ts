/** "06/12/2026", a date as the app shows it (issue 12), back to ISO so dates compare as text. */
export const isoFromUk = (uk: string) => uk.replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, '$3-$2-$1');
