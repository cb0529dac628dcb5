/**
 * Which user each awareness client id on a board belongs to. A connection may speak only for client
 * ids it has claimed, and a client id, once used by a user on a board, stays theirs while the board
 * is loaded: a reconnecting tab keeps its Y.Doc and so its client id, and nobody else may take it
 * over while it is away. The same user on a new connection (a reconnect before the old socket is
 * noticed gone) takes it over.
 */

/** Client ids one connection may speak for (a tab has one; a few allow for reloads). */
export const MAX_CLIENT_IDS_PER_CONNECTION = 4;
/** Bindings kept per user per board; beyond that the oldest go (ids from long-closed tabs). */
const MAX_CLIENT_IDS_PER_USER = 64;

export class ClientIdOwners {
	private readonly owner = new Map<number, number>();

	/**
	 * Binds `clientId` to `userId` if it is free; whether it is (now) theirs. `author` names who the
	 * board's doc says wrote under this client id, if anyone: after a restart or an unload, when
	 * the bindings are gone, that still keeps a client id that has edited its author's.
	 */
	claim(
		clientId: number,
		userId: number,
		author: () => number | undefined = () => undefined
	): boolean {
		let owner = this.owner.get(clientId);
		if (owner === undefined) {
			owner = author() ?? userId;
			const theirs = [...this.owner].filter(([, u]) => u === owner);
			if (theirs.length >= MAX_CLIENT_IDS_PER_USER) this.owner.delete(theirs[0][0]);
			this.owner.set(clientId, owner);
		}
		return owner === userId;
	}
}
