import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Timings } from '../../shared/request';

/**
 * Records the phases of one HTTP exchange from the socket's events. Each figure is the duration of its own phase,
 * in ms: `dnsMs` (name lookup), `connectMs` (TCP handshake), `tlsMs` (TLS handshake), `firstByteMs` (from the
 * connection being ready to the response headers: the server's think time plus one round trip), and `totalMs`
 * (start to last body byte). A phase that did not happen is null: a reused keep-alive socket has no DNS, connect or
 * TLS; an IP literal has no DNS.
 */
export class PhaseRecorder {
  private readonly start = performance.now();
  private lookupAt: number | null = null;
  private connectAt: number | null = null;
  private tlsAt: number | null = null;
  private readyAt: number | null = null;
  private responseAt: number | null = null;

  /** Hooks a request created by Node's http/https module. */
  attach(req: ClientRequest): void {
    req.once('socket', (socket: Socket) => {
      if (!socket.connecting) {
        this.readyAt = performance.now();
        return;
      }
      socket.once('lookup', () => (this.lookupAt = performance.now()));
      socket.once('connect', () => (this.readyAt = this.connectAt = performance.now()));
      socket.once('secureConnect', () => (this.readyAt = this.tlsAt = performance.now()));
    });
    req.once('response', () => (this.responseAt = performance.now()));
  }

  /** The timings so far; call when the body has been read (or the exchange failed). */
  finish(): Timings {
    const end = performance.now();
    const round = (v: number) => Math.round(v * 100) / 100;
    const span = (from: number | null, to: number | null) => (from === null || to === null ? null : round(to - from));
    const connectFrom = this.lookupAt ?? this.start;
    return {
      dnsMs: span(this.start, this.lookupAt),
      connectMs: span(connectFrom, this.connectAt),
      tlsMs: span(this.connectAt, this.tlsAt),
      firstByteMs: span(this.readyAt ?? this.start, this.responseAt),
      totalMs: round(end - this.start),
    };
  }
}
