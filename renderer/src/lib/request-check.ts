import { httpUrlSchema } from '../../../shared/profile';
import { DEFAULT_TIMEOUT_MS, headerPairSchema, sendRequestSchema } from '../../../shared/request';
import type { HeaderRow } from './header-rows';
import { isHttpUrl } from './url';

/** What the Request form must fix before it can send, and where: the URL or a header row's name or value. */
export interface RequestProblem {
  message: string;
  /** The URL field, the Timeout field, or the 0-based index of the header row and which of its inputs. */
  at: { field: 'url' } | { field: 'timeout' } | { field: 'header'; row: number; part: 'name' | 'value' };
}

const timeoutMs = sendRequestSchema.shape.timeoutMs.unwrap();

/** The Timeout field's bounds in seconds: the send contract's `timeoutMs` bounds (shared/request.ts). */
export const timeoutBoundsS = { min: (timeoutMs.minValue ?? 100) / 1000, max: (timeoutMs.maxValue ?? 600_000) / 1000 };

/** What a new request's Timeout field says, in seconds: the engine's own default for a send without one. */
export const DEFAULT_TIMEOUT_S = String(DEFAULT_TIMEOUT_MS / 1000);

/**
 * The Timeout field's text (seconds, a decimal point or comma) as the contract's `timeoutMs`, or a problem that names
 * the field when it is not a number of seconds within the bounds.
 */
export function timeoutMsOf(text: string): number | RequestProblem {
  const seconds = Number(text.trim().replace(',', '.'));
  const { min, max } = timeoutBoundsS;
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < min || seconds > max) {
    return { message: `The timeout is a number of seconds from ${min} to ${max}.`, at: { field: 'timeout' } };
  }
  return Math.round(seconds * 1000);
}

/**
 * The Timeout field's text one second up (`direction` 1) or down (-1), kept within the bounds and written with the
 * decimal mark that was typed (a comma stays a comma), as the arrow keys step it; null when the text is not a number.
 */
export function steppedTimeout(text: string, direction: 1 | -1): string | null {
  const trimmed = text.trim();
  const seconds = Number(trimmed.replace(',', '.'));
  if (trimmed === '' || !Number.isFinite(seconds)) return null;
  const { min, max } = timeoutBoundsS;
  const next = Math.min(max, Math.max(min, Math.round((seconds + direction) * 1000) / 1000));
  const written = String(next);
  return trimmed.includes(',') ? written.replace('.', ',') : written;
}

/**
 * Checks a request as the engine will (shared/request.ts), in words for a person that name the field: without it
 * the engine's schema error showed as "Invalid request.send request: headers.0.0: …". Null when it can be sent.
 */
export function requestProblem(url: string, rows: readonly HeaderRow[]): RequestProblem | null {
  const target = url.trim();
  if (!isHttpUrl(target)) return { message: 'Enter an absolute URL that starts with http:// or https://.', at: { field: 'url' } };
  const max = httpUrlSchema.maxLength ?? Infinity;
  if (target.length > max) {
    return { message: `The URL is ${target.length.toLocaleString('en')} characters long; Authdesk sends URLs of up to ${max.toLocaleString('en')}.`, at: { field: 'url' } };
  }
  for (const [row, r] of rows.entries()) {
    if (r.name.trim() === '') continue;
    const parsed = headerPairSchema.safeParse([r.name.trim(), r.value.trim()]);
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    if (issue) {
      const part = issue.path[0] === 0 ? 'name' : 'value';
      return { message: `Header ${row + 1} ${part}: ${issue.message}.`, at: { field: 'header', row, part } };
    }
  }
  return null;
}
