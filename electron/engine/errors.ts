import type { ErrorCode } from '../../shared/contract';

/**
 * The one error type the engine throws on purpose. `message` is written for a person (what happened and what to
 * do) and never contains a secret value; callers show it as is, without a stack.
 */
export class AuthdeskError extends Error {
  /** The server text that `message` quotes, if any, until the redaction door has masked and capped it. */
  declare quote?: ServerQuote;

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

/** True for errors the engine raised on purpose (safe to show), as opposed to bugs. */
export const isAuthdeskError = (e: unknown): e is AuthdeskError => e instanceof AuthdeskError;
