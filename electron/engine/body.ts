import type { Readable } from 'node:stream';
import type { HeaderPair } from '../../shared/request';

export interface BodyRead {
  /** The first `previewBytes` bytes as text, or a note for a binary body; null for an empty body. */
  preview: string | null;
  /** Bytes received in all (after content decoding). */
  bytes: number;
  truncated: boolean;
  /**
   * Set when the stream failed or was cancelled (`ERR_CANCELED`), or had not ended at the deadline
   * (`AUTHDESK_DEADLINE`, with `bytes` received and `silentMs` since the last byte, see {@link BodyDeadlineError}).
   */
  error?: unknown;
}

/** The error of a body read stopped at its deadline: what had arrived by then (bytes) and ms since the last byte. */
export interface BodyDeadlineError extends Error {
  code: 'AUTHDESK_DEADLINE';
  bytes: number;
  silentMs: number;
}

const UTF8 = new TextDecoder('utf-8');
const TEXTUAL = /^(text\/|application\/(.*\+)?(json|xml|javascript|x-www-form-urlencoded|problem\+json))/i;

/**
 * Streams a response body: keeps at most `previewBytes` in memory and counts the rest, so a 1 GB body costs a
 * preview's worth of memory (TRAPS T23). Stops on `signal`, and at `deadline` however fast bytes still arrive (a
 * trickle) or however long ago they stopped (a stall): one timer, a chunk only notes its time. What arrived before
 * stays as the preview.
 * @param opts.deadline `performance.now()` time (ms) at which the read stops, whatever is still arriving
 * Never rejects.
 */
export function readBody(
  stream: Readable,
  headers: HeaderPair[],
  opts: { previewBytes: number; deadline: number; signal?: AbortSignal },
): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let bytes = 0;
    let done = false;
    let last = performance.now(); // when the last byte (or the headers) arrived
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (error) stream.destroy();
      resolve({ preview: toPreview(Buffer.concat(chunks), headers), bytes, truncated: bytes > kept, error });
    };
    const timer = setTimeout(
      () => finish(Object.assign(new Error('deadline'), { code: 'AUTHDESK_DEADLINE', bytes, silentMs: Math.round(performance.now() - last) })),
      Math.max(1, Math.ceil(opts.deadline - last)),
    );
    const onAbort = () => finish(Object.assign(new Error('cancelled'), { code: 'ERR_CANCELED' }));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (kept < opts.previewBytes) {
        const part = chunk.subarray(0, opts.previewBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
      last = performance.now();
    });
    stream.once('end', () => finish());
    stream.once('error', (e) => finish(e));
    stream.once('close', () => finish(done ? undefined : Object.assign(new Error('closed'), { code: 'ECONNRESET' })));
  });
}

function toPreview(buf: Buffer, headers: HeaderPair[]): string | null {
  if (buf.length === 0) return null;
  const type = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const looksBinary = !TEXTUAL.test(type) && buf.subarray(0, 1024).includes(0);
  if (looksBinary) return `[binary body: ${type || 'unknown type'}]`;
  return UTF8.decode(buf).replace(/\uFFFD$/, '');
}
