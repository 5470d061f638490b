import { useCallback, useState } from 'react';
import { ApiError, messageOf } from '../api';

/** State of one user action that talks to the engine: whether it runs, and its readable error. */
export interface Action {
  busy: boolean;
  error: string | null;
  /** The engine's error code of the last failure (`login_required` …), null for none or a form check. */
  errorCode: ApiError['code'] | null;
  /** Runs `fn`, recording busy and error; resolves with its value, or undefined when it failed. */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  /** Shows a message of the caller's own (a form check), or clears it with null. */
  setError: (message: string | null) => void;
}

/** Tracks busy/error for an async engine call so each form can show its own alert. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setMessage] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<ApiError['code'] | null>(null);
  const setError = useCallback((message: string | null) => {
    setMessage(message);
    setErrorCode(null);
  }, []);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setMessage(messageOf(e));
      setErrorCode(e instanceof ApiError ? e.code : null);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [setError]);
  return { busy, error, errorCode, run, setError };
}
