import { AuthdeskError } from './errors';
import { settleWithin } from './exit-guard';

/**
 * The engine's sends in flight: cancellable by the id their caller gave them, and settled before the engine closes,
 * so that a send that was under way when Authdesk closed still gets its reply and its history entry (as cancelled)
 * instead of meeting a closed database.
 */
export class InFlightSends {
  private readonly byId = new Map<string, AbortController>();
  private readonly pending = new Set<Promise<unknown>>();
  private closing = false;
  private readonly closer = new AbortController();
  /** Aborted by {@link close}: what a send waits on besides its own request (a token request) stops with it. */
  readonly closed: AbortSignal = this.closer.signal;

  /**
   * Runs one send. Only a send with a `requestId` gets a signal (it can then be cancelled by that id, or by
   * {@link close}), from the moment it is asked for. Returns what `send` returns.
   * Rejects with AuthdeskError `failed` once {@link close} has begun (nothing is sent), or with what `send` rejects with.
   */
  run<T>(requestId: string | undefined, send: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new AuthdeskError('failed', 'Authdesk is closing: the request was not sent.'));
    const controller = requestId ? new AbortController() : undefined;
    if (requestId && controller) this.byId.set(requestId, controller);
    const sending = send(controller?.signal);
    this.pending.add(sending);
    const done = () => {
      this.pending.delete(sending);
      if (requestId && this.byId.get(requestId) === controller) this.byId.delete(requestId);
    };
    sending.then(done, done);
    return sending;
  }

  /** Cancels the send with this id; false when none is in flight. */
  cancel(requestId: string): boolean {
    const c = this.byId.get(requestId);
    c?.abort();
    return c !== undefined;
  }

  /**
   * Refuses new sends and cancels the cancellable ones. Call {@link settled} after stopping the network (the
   * others end when their sockets close).
   */
  close(): void {
    this.closing = true;
    this.closer.abort();
    for (const c of this.byId.values()) c.abort();
  }

  /** Resolves when every send in flight has settled, or after `waitMs` ms, whichever comes first. */
  settled(waitMs: number): Promise<void> {
    return settleWithin([...this.pending], waitMs);
  }
}
