import type { ErrorCode } from '../../shared/contract';
import type { HistoryEntry } from '../../shared/request';

/**
 * The one error type the engine throws on purpose. `message` is written for a person (what happened and what to
 * do) and never contains a secret value; callers show it as is, without a stack.
 */
export class AuthdeskError extends Error {
  /** The server text that `message` quotes, if any, until the redaction door has masked and capped it. */
  declare quote?: ServerQuote;
  /**
   * Set on a `failed` error of the history write: the (redacted) entry of the request that went out and got its
   * answer but could not be recorded, so a caller can still report what happened (`send --json`).
   */
  declare unrecorded?: Omit<HistoryEntry, 'id'>;
  /** Set on the error of a sign-in the user cancelled ({@link signInCancelled}): not a fault of the profile or server. */
  declare cancelled?: true;

  /** @param message the text, or a message that quotes server text (see {@link ServerQuote}) */
  constructor(
    readonly code: ErrorCode,
    message: string | ServerQuote,
  ) {
    super(typeof message === 'string' ? message : message.before + message.text + message.after);
    this.name = 'AuthdeskError';
    // not enumerable: an error object printed whole does not show the server text a second time
    if (typeof message !== 'string') Object.defineProperty(this, 'quote', { value: message, writable: true, enumerable: false, configurable: true });
  }
}

/**
 * Server text (an OAuth error and error_description) quoted in an error's message, which is `before + text + after`.
 * Kept apart so that the redaction door (RedactorCache.redactError) masks it first and then caps its length: cutting
 * first could leave part of a secret that no known form of it matches any more.
 */
export interface ServerQuote {
  before: string;
  text: string;
  after: string;
}

/**
 * The `auth_failed` error of a browser or device sign-in that the user cancelled (Cancel in the app, Ctrl+C): History
 * and metrics class it as `cancelled` (auth-failure.ts authFailureOf), not as a failed token request.
 */
export function signInCancelled(): AuthdeskError {
  const e = new AuthdeskError('auth_failed', 'The sign-in was cancelled.');
  e.cancelled = true;
  return e;
}

/** True for errors the engine raised on purpose (safe to show), as opposed to bugs. */
export const isAuthdeskError = (e: unknown): e is AuthdeskError => e instanceof AuthdeskError;

/**
 * Runs `write`, a history write of `entry` (the redacted entry of a request that went out), and returns what it
 * returns. An AuthdeskError it throws carries `entry` as {@link AuthdeskError.unrecorded}, so the caller of the send
 * can still report the answer that history could not keep.
 */
export function writingEntry<T>(entry: Omit<HistoryEntry, 'id'>, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (e instanceof AuthdeskError) e.unrecorded = entry;
    throw e;
  }
}

/**
 * How to save a profile's missing secret again, in the app and from the CLI: `Save it on the profile in the app (its Save or Replace button), or:
 * authdesk rotate "NAME"` (the noun after "Save" is `what`, e.g. "them" for several; NAME itself when the profile
 * is not known where the message is made).
 */
export const saveAgainHint = (profileName: string | null, what = 'it'): string =>
  `Save ${what} on the profile in the app (its Save or Replace button), or: authdesk rotate ${profileName === null ? 'NAME' : JSON.stringify(profileName)}`;
