import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A `<dialog>` holding one form action: it closes once the action succeeds and otherwise shows
 * the action's error inside itself, where the person is looking. Busy is the page's own flag, so
 * the page's other forms wait for this one too.
 */
export class DialogForm {
	element = $state<HTMLDialogElement>();
	error = $state<string | null>(null);
	readonly #setBusy: (busy: boolean) => void;

	constructor(setBusy: (busy: boolean) => void) {
		this.#setBusy = setBusy;
	}

	open() {
		this.error = null;
		this.element?.showModal();
	}

	close() {
		this.element?.close();
	}

	submit: SubmitFunction = () => {
		this.#setBusy(true);
		this.error = null;
		return async ({ result, update }) => {
			await update({ reset: false });
			this.#setBusy(false);
			if (result.type === 'success') this.close();
			else if (result.type === 'failure')
				this.error = String(result.data?.message ?? 'Not recorded');
		};
	};
}
