import type { ChannelName, EventName } from '../../shared/channels';
import type { Bridge, ErrorCode, Events, Replies, RequestOf } from '../../shared/contract';

/**
 * The renderer's only door to the engine: a typed client over `window.authdesk`. A failed reply becomes an
 * {@link ApiError} whose message is written for a person, so components can show it as is.
 */

/** A failure reported by the engine (or a missing bridge), carrying a readable message and never a stack. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'bridge_missing',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function bridge(): Bridge {
  const b = window.authdesk;
  if (!b) throw new ApiError('bridge_missing', 'Authdesk cannot reach its engine: open this page from the Authdesk app.');
  return b;
}

/** Calls a contract channel and resolves with its reply; rejects with an {@link ApiError} on `{ ok: false }`. */
export async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Replies[C]> {
  const b = bridge();
  let result;
  try {
    result = await b.invoke(channel, request);
  } catch {
    throw new ApiError('failed', 'Authdesk could not reach its engine. Restart the app if this keeps happening.');
  }
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}

/** Listens to an event pushed by the engine; returns the function that stops listening. */
export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return bridge().on(event, listener);
}

/** A message fit to show a person for anything thrown: an ApiError's own message, otherwise a generic one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong in the window. Try again; restart Authdesk if it keeps happening.';
}
