/**
 * Multi-instance mode: the link between a board's owner and another instance that holds some of
 * the board's clients (the edge). One websocket per board and edge carries all of them, each
 * client a numbered connection on it:
 *
 * - the edge ends each client's websocket itself (limits, session ends, pings) and passes its
 *   y-websocket messages up, in order, under the connection's number; the owner authenticates
 *   each connection again from its session token and does all the board's work, as for its own;
 * - what the owner sends to one client comes down under its number; what it sends to every
 *   client of the board (each accepted edit, presence, saving notices) comes down **once** per
 *   edge, which hands it to its own clients. The owner's fan-out work is split between the
 *   instances, instead of every client's every byte passing through the owner and a pipe.
 *
 * A client's messages reach the owner only through its edge, and the owner only sends what a
 * connection it accepted may see, so the link gives no one more than their own websocket would.
 * The link is internal: it needs FORWARDED_HEADER, which the load balancer strips.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_MESSAGE_BYTES } from '../../contracts/planner/protocol';

/** Where an edge opens its link to the owner: /yjs-link/<boardId>, on the owner's INSTANCE_URL. */
export const LINK_PATH = '/yjs-link/';

/** Edge to owner, a frame is one client's message and a header: the owner allows a client's largest. */
export const MAX_LINK_FRAME_BYTES = MAX_MESSAGE_BYTES + 1024;

/** Edge to owner. */
export type ToOwner =
	/** A client connected on the edge; `token` is its session token, checked again by the owner. */
	| { kind: 'open'; conn: number; token: string }
	| { kind: 'message'; conn: number; message: Uint8Array }
	| { kind: 'close'; conn: number };

/** Owner to edge. */
export type ToEdge =
	/** The owner accepted the connection: from now on it is one of the board's clients. */
	| { kind: 'joined'; conn: number }
	| { kind: 'send'; conn: number; message: Uint8Array }
	/** For every joined connection on the edge. */
	| { kind: 'broadcast'; message: Uint8Array }
	/** The owner ends the connection; the edge closes the client's websocket with this code. */
	| { kind: 'close'; conn: number; code: number; reason: string };

const TO_OWNER = ['open', 'message', 'close'] as const;
const TO_EDGE = ['joined', 'send', 'broadcast', 'close'] as const;

export function encodeToOwner(frame: ToOwner): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, TO_OWNER.indexOf(frame.kind));
	encoding.writeVarUint(encoder, frame.conn);
	if (frame.kind === 'open') encoding.writeVarString(encoder, frame.token);
	if (frame.kind === 'message') encoding.writeVarUint8Array(encoder, frame.message);
	return encoding.toUint8Array(encoder);
}

/** Throws on a malformed frame; the receiver closes the link. */
export function decodeToOwner(data: Uint8Array): ToOwner {
	const decoder = decoding.createDecoder(data);
	const kind = TO_OWNER[decoding.readVarUint(decoder)];
	const conn = decoding.readVarUint(decoder);
	switch (kind) {
		case 'open':
			return { kind, conn, token: decoding.readVarString(decoder) };
		case 'message':
			return { kind, conn, message: decoding.readVarUint8Array(decoder) };
		case 'close':
			return { kind, conn };
		default:
			throw new Error('unknown link frame');
	}
}

export function encodeToEdge(frame: ToEdge): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, TO_EDGE.indexOf(frame.kind));
	if (frame.kind !== 'broadcast') encoding.writeVarUint(encoder, frame.conn);
	if (frame.kind === 'send' || frame.kind === 'broadcast')
		encoding.writeVarUint8Array(encoder, frame.message);
	if (frame.kind === 'close') {
		encoding.writeVarUint(encoder, frame.code);
		encoding.writeVarString(encoder, frame.reason);
	}
	return encoding.toUint8Array(encoder);
}

/** Throws on a malformed frame; the receiver closes the link. */
export function decodeToEdge(data: Uint8Array): ToEdge {
	const decoder = decoding.createDecoder(data);
	const kind = TO_EDGE[decoding.readVarUint(decoder)];
	switch (kind) {
		case 'joined':
			return { kind, conn: decoding.readVarUint(decoder) };
		case 'send':
			return {
				kind,
				conn: decoding.readVarUint(decoder),
				message: decoding.readVarUint8Array(decoder)
			};
		case 'broadcast':
			return { kind, message: decoding.readVarUint8Array(decoder) };
		case 'close':
			return {
				kind,
				conn: decoding.readVarUint(decoder),
				code: decoding.readVarUint(decoder),
				reason: decoding.readVarString(decoder)
			};
		default:
			throw new Error('unknown link frame');
	}
}
