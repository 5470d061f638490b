import { Engine } from '../engine/engine';
import { isAuthdeskError } from '../engine/errors';
import { defaultHome } from '../engine/paths';
import { httpUrlSchema } from '../../shared/profile';
import type { ErrorCode } from '../../shared/contract';

/** Exit codes: a contract that users' scripts rely on. */
export const EXIT = {
  ok: 0,
  /** An HTTP error status (send), or a failure that is neither usage nor network/auth-flow. */
  failed: 1,
  /** Bad flags or arguments, an unknown profile, missing input on stdin. */
  usage: 2,
  /** Network or auth-flow errors: transport failure, timeout, secret missing, keychain unavailable. */
  network: 3,
  /** Interrupted (Ctrl+C at a prompt). */
  interrupted: 130,
  /** Terminated (SIGTERM), 128 + 15 as for the other commands (./index.ts). */
  terminated: 143,
} as const;

/** What a command may touch of the outside world; tests inject their own. */
export interface CliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Resolves when a long-running command (sandbox, an interactive sign-in, `send --repeat`) should stop: on the first
   * SIGINT/SIGTERM by default, with that signal, which the command then handles instead of ./index.ts. After `until`
   * aborts it no longer listens (and never settles). An in-process caller may resolve it at once with no signal
   * ("stop now": the sandbox stops; `send --repeat` only stops on a signal).
   */
  waitForStop: (until?: AbortSignal) => Promise<NodeJS.Signals | void>;
}

/** An error meant for the user, with the exit code to use. Its message never holds a secret. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usage = (message: string): CliError => new CliError(message, EXIT.usage);

/**
 * Checks a URL flag against the profile URL rule (shared/profile.ts `httpUrlSchema`).
 * @throws CliError (usage) naming the flag: not an absolute http(s) URL, or one with user:password@ (RFC 9110 §4.2.4)
 */
export function checkUrlFlag(flag: string, value: string): void {
  const checked = httpUrlSchema.safeParse(value);
  if (checked.success) return;
  if (checked.error.issues.some((i) => i.message.startsWith('no user:password@'))) {
    throw usage(`${flag} has user:password@ in it: credentials go in the profile's auth, whose secrets live in the keychain (RFC 9110 §4.2.4).`);
  }
  throw usage(`${flag} must be an absolute http:// or https:// URL.`);
}

/** Engine error codes → exit codes; a code not listed here (added later) exits 1. */
const exitOfCode: Partial<Record<ErrorCode, number>> = {
  invalid_request: EXIT.usage,
  not_found: EXIT.usage,
  conflict: EXIT.usage,
  keychain_unavailable: EXIT.network,
  secret_missing: EXIT.network,
  auth_failed: EXIT.network,
  login_required: EXIT.network,
  failed: EXIT.failed,
};

/** The exit code and the one-line message for an error meant for the user; null for an unexpected error (a bug). */
export function describeError(e: unknown): { exitCode: number; message: string } | null {
  if (e instanceof CliError) return { exitCode: e.exitCode, message: e.message };
  if (isAuthdeskError(e)) return { exitCode: exitOfCode[e.code] ?? EXIT.failed, message: e.message };
  return null;
}

/** Opens the engine on the data directory, runs `fn`, and always closes the engine (no dangling sockets). */
export async function withEngine<T>(io: CliIO, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const home = defaultHome(io.env);
  let engine: Engine;
  try {
    engine = await Engine.open({ home, env: io.env });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || isAuthdeskError(e)) throw e;
    throw new CliError(`Could not open the data directory ${home} (${code}). Point AUTHDESK_HOME at a writable folder.`, EXIT.failed);
  }
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** Writes a JSON value on its own line. */
export const printJson = (io: CliIO, value: unknown): void => {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Parses a whole number in [min, max] for commander options (a bad value is a usage error). */
export function intOption(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw usage(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
    }
    return n;
  };
}

/** `--timeout MS` of `send` and `token`: a whole number of ms from 100 to 600000 (a bad value is a usage error, exit 2). */
export const timeoutOption = intOption('--timeout', 100, 600_000);
