/** What recording a booking's outcome answers (POST /api/bookings/<id>/outcome). */
export interface OutcomeRecorded {
	bookingId: number;
	status: 'attended' | 'dna';
	/** `nullified`: a DNA at the first appointment took the pathway off the list (RTT status 33). */
	clock: 'nullified' | 'unchanged';
}
