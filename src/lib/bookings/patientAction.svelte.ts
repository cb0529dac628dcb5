/**
 * What a booking dialog that acts on one patient keeps: the patient it is open for, whether its
 * request is on its way, and the server's refusal. The cancel and outcome dialogs share it, so
 * each says only what it asks and what it tells the person afterwards.
 */
import { tick } from 'svelte';
import type { Answer } from '$lib/http/client';
import type { BookedPatient } from './client';

export class PatientAction {
	patient = $state.raw<BookedPatient | null>(null);
	busy = $state(false);
	error = $state<string | null>(null);

	/** `show` opens the dialog once its form is drawn, so the dialog puts focus in it. */
	constructor(private readonly show: () => void) {}

	async open(who: BookedPatient): Promise<void> {
		this.patient = who;
		this.error = null;
		await tick();
		this.show();
	}

	/** Sends the request; on a refusal shows it and answers null. */
	async send<T>(request: () => Promise<Answer<T>>): Promise<T | null> {
		this.busy = true;
		this.error = null;
		const answer = await request();
		this.busy = false;
		if (answer.ok) return answer.data;
		this.error = answer.error;
		return null;
	}
}
