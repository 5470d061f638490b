import type { Readable } from 'node:stream';
import type { HeaderPair } from '../../shared/request';

export interface BodyRead {
  /** The first `previewBytes` bytes as text, or a note for a binary body; null for an empty body. */
  preview: string | null;
  /** Bytes received in all (after content decoding). */
  bytes: number;
  truncated: boolean;
  /** Set when the stream failed, was cancelled, or went silent for longer than `idleMs`. */
  error?: unknown;
}

const UTF8 = new TextDecoder('utf-8');
const TEXTUAL = /^(text\/|application\/(.*\+)?(json|xml|javascript|x-www-form-urlencoded|problem\+json))/i;

/**
 * Streams a response body: keeps at most `previewBytes` in memory and counts the rest, so a 1 GB body costs a
 * preview's worth of memory (TRAPS T23). Aborts on `signal` and when no byte arrives for `idleMs`.
 * Never rejects.
 */
export function readBody(
  stream: Readable,
  headers: HeaderPair[],
  opts: { previewBytes: number; idleMs: number; signal?: AbortSignal },
): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let bytes = 0;
    let done = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      opts.signal?.removeEventListener('abort', onAbort);
      if (error) stream.destroy();
      resolve({ preview: toPreview(Buffer.concat(chunks), headers), bytes, truncated: bytes > kept, error });
    };
    const arm = () => {
      if (idle) idle.refresh();
      else idle = setTimeout(() => finish(Object.assign(new Error('idle'), { code: 'AUTHDESK_TIMEOUT' })), opts.idleMs);
    };
    const onAbort = () => finish(Object.assign(new Error('cancelled'), { code: 'ERR_CANCELED' }));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (kept < opts.previewBytes) {
        const part = chunk.subarray(0, opts.previewBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
      arm();
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
