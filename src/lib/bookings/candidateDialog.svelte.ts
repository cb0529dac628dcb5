import { tick } from 'svelte';
import type { CandidateSession } from '$lib/contracts/bookings/move';
import type { Answer } from '$lib/http/client';

/**
 * What a booking dialog that offers sessions holds (a move's, a new booking's): the patient it
 * is open for, the sessions fetched for them, the one chosen, and the server's refusal. Each
 * dialog makes its own; a slow answer for an earlier opening is dropped.
 */
export class CandidateDialog<P, C extends { sessions: CandidateSession[] }> {
	patient = $state.raw<P | null>(null);
	choices = $state.raw<C | null>(null);
	sessionId = $state('');
	loading = $state(false);
	busy = $state(false);
	error = $state<string | null>(null);
	chosen = $derived(this.choices?.sessions.find((s) => String(s.id) === this.sessionId) ?? null);
	#opening = 0;

	/** Shows the dialog for `who`, fetches their sessions, then focuses the choice. */
	async open(
		who: P,
		show: () => void,
		fetch: () => Promise<Answer<C>>,
		focus: () => void
	): Promise<void> {
		const ticket = ++this.#opening;
		this.patient = who;
		this.choices = null;
		this.sessionId = '';
		this.error = null;
		this.loading = true;
		await tick();
		show();
		const answer = await fetch();
		if (ticket !== this.#opening) return;
		this.loading = false;
		if (answer.ok) this.choices = answer.data;
		else this.error = answer.error;
		// The choice arrives after the dialog opened (and the modal keeps focus inside it): take
		// focus to it, ready for the keyboard.
		await tick();
		if (ticket === this.#opening) focus();
	}

	/** The dialog closed: forget the patient, and any answer still on its way. */
	closed(): void {
		this.#opening++;
		this.patient = null;
		this.choices = null;
	}
}
