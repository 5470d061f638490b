import type { ErrorCode } from '../../shared/contract';

/**
 * The one error type the engine throws on purpose. `message` is written for a person (what happened and what to
 * do) and never contains a secret value; callers show it as is, without a stack.
 */
export class AuthdeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthdeskError';
  }
}

/** True for errors the engine raised on purpose (safe to show), as opposed to bugs. */
export const isAuthdeskError = (e: unknown): e is AuthdeskError => e instanceof AuthdeskError;
