import keytar from 'keytar';
import { AuthdeskError } from './errors';

/**
 * The one small port to the OS keychain (DESIGN.md "Vault"). keytar's interface: macOS Keychain, Windows
 * Credential Manager, and on Linux the freedesktop Secret Service through libsecret — never a file, never keyutils.
 * See docs/ARCHITECTURE.md "Keychain choice" for why keytar and what was measured.
 */
export interface SecretStore {
  /** Human name of the backend, for status messages. */
  readonly backend: string;
  setPassword(service: string, account: string, password: string): Promise<void>;
  getPassword(service: string, account: string): Promise<string | null>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
  /**
   * Resolves when the store can read and delete `service`'s entries; throws AuthdeskError `keychain_unavailable` when
   * it cannot (a locked Secret Service collection). Called by {@link probeKeychain}; the other methods check it
   * themselves where a locked store would answer wrongly.
   */
  checkUnlocked(service: string): Promise<void>;
}

/** The keychain service name under which every Authdesk entry lives. */
export const KEYCHAIN_SERVICE = 'Authdesk';

/** The account of the entry written and deleted at once to tell an empty collection from a locked one. */
const LOCK_PROBE_ACCOUNT = 'lock-probe';

/** How long one keychain call may take before it is reported as unresponsive (a locked keyring may prompt forever). */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

/** The fix a user needs when the keychain cannot be reached, per platform (REFERENCE.md §2, TRAPS T21). */
export function keychainFix(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux') {
    return (
      'Authdesk keeps secrets only in the Secret Service (GNOME Keyring, KWallet 6 or KeePassXC with Secret Service ' +
      'enabled). Start and unlock one in your desktop session (for example: gnome-keyring-daemon --unlock ' +
      '--components=secrets), or in CI reference secrets from environment variables with --secret-env NAME. ' +
      'Nothing was written in plaintext.'
    );
  }
  if (platform === 'darwin') return 'Unlock your login keychain in Keychain Access and try again. Nothing was written in plaintext.';
  return 'Check that Windows Credential Manager is available for your user and try again. Nothing was written in plaintext.';
}

/** Turns a low-level keychain failure into an actionable {@link AuthdeskError}; the cause's text names no secret. */
export function keychainUnavailable(cause: unknown): AuthdeskError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AuthdeskError('keychain_unavailable', `The OS keychain is not available (${why}). ${keychainFix()}`);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms; the keychain may be locked`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The real OS keychain through keytar. Every call is bounded by {@link KEYCHAIN_TIMEOUT_MS} and every failure
 * becomes an actionable `keychain_unavailable` error; there is no fallback store.
 */
export class KeytarStore implements SecretStore {
  readonly backend =
    process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service (libsecret)';

  constructor(private readonly timeoutMs = KEYCHAIN_TIMEOUT_MS) {}

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(op(), this.timeoutMs);
    } catch (e) {
      throw keychainUnavailable(e);
    }
  }

  setPassword(service: string, account: string, password: string): Promise<void> {
    return this.call(() => keytar.setPassword(service, account, password));
  }
  getPassword(service: string, account: string): Promise<string | null> {
    return this.call(() => keytar.getPassword(service, account));
  }
  /** Checks {@link checkUnlocked} first: a locked collection deletes nothing and says "not found". */
  async deletePassword(service: string, account: string): Promise<boolean> {
    await this.checkUnlocked(service);
    return this.call(() => keytar.deletePassword(service, account));
  }
  /** Checks {@link checkUnlocked} first: on a locked collection keytar's search crashes the process. */
  async findCredentials(service: string): Promise<{ account: string; password: string }[]> {
    await this.checkUnlocked(service);
    return this.call(() => keytar.findCredentials(service));
  }

  /**
   * On Linux, a locked Secret Service collection (a login keyring not unlocked, a session over SSH) answers every
   * lookup with "no entry", deletes nothing while reporting "not found", refuses writes ("Cannot create an item in a
   * locked collection"), and makes keytar's findCredentials crash the process (SIGSEGV in libsecret's
   * secret_value_get_text; keytar 7.9, gnome-keyring 46). One entry that can be read proves the collection unlocked;
   * when none can, writing and deleting a probe entry tells an empty collection from a locked one. On a desktop, a
   * locked collection asks the user to unlock it here. macOS and Windows lookups report a locked store themselves:
   * nothing to check there.
   * @throws AuthdeskError `keychain_unavailable` naming the lock and the fix
   */
  async checkUnlocked(service: string): Promise<void> {
    if (process.platform !== 'linux') return;
    await this.call(async () => {
      if ((await keytar.findPassword(service)) !== null) return;
      try {
        await keytar.setPassword(service, LOCK_PROBE_ACCOUNT, 'unlocked');
      } catch (e) {
        // Said as what it is: the command at hand may only have wanted to read.
        const why = e instanceof Error ? e.message : String(e);
        throw new Error(/locked/i.test(why) ? `the keyring is locked; unlock it and try again. A test write said: ${why}` : why);
      }
      await keytar.deletePassword(service, LOCK_PROBE_ACCOUNT);
    });
  }
}

/**
 * `store` with every failure that is not already an {@link AuthdeskError} turned into `keychain_unavailable` with the
 * fix ({@link keychainUnavailable}), whatever store it is: the vault's callers (the app's forms, the CLI) then always
 * get a message that says what is wrong, never a bare "Error".
 */
export function guardedStore(store: SecretStore): SecretStore {
  const guard = <T>(p: () => Promise<T>): Promise<T> =>
    p().catch((e: unknown) => {
      throw e instanceof AuthdeskError ? e : keychainUnavailable(e);
    });
  return {
    backend: store.backend,
    setPassword: (service, account, password) => guard(() => store.setPassword(service, account, password)),
    getPassword: (service, account) => guard(() => store.getPassword(service, account)),
    deletePassword: (service, account) => guard(() => store.deletePassword(service, account)),
    findCredentials: (service) => guard(() => store.findCredentials(service)),
    checkUnlocked: (service) => guard(() => store.checkUnlocked(service)),
  };
}

/**
 * Probes the keychain with a harmless lookup, then checks that it is unlocked (TRAPS T21: detect by probing the Secret
 * Service, never crash or hang). Returns null when it answers, or the actionable error when it does not.
 */
export async function probeKeychain(store: SecretStore): Promise<AuthdeskError | null> {
  try {
    await store.getPassword(KEYCHAIN_SERVICE, 'probe');
    await store.checkUnlocked(KEYCHAIN_SERVICE);
    return null;
  } catch (e) {
    return e instanceof AuthdeskError ? e : keychainUnavailable(e);
  }
}

/**
 * Secrets for this session only, in memory, never written anywhere: used only when the user explicitly chooses it
 * because the OS keychain is unavailable (REFERENCE.md §2: never a silent fallback). Everything is lost on quit.
 */
export class SessionMemoryStore implements SecretStore {
  readonly backend = 'this session only (memory; not saved, lost on quit)';
  private readonly entries = new Map<string, string>();

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.entries.set(`${service}\u0000${account}`, password);
  }
  async getPassword(service: string, account: string): Promise<string | null> {
    return this.entries.get(`${service}\u0000${account}`) ?? null;
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}\u0000${account}`);
  }
  async checkUnlocked(): Promise<void> {
    // Memory is never locked.
  }
  async findCredentials(service: string): Promise<{ account: string; password: string }[]> {
    const prefix = `${service}\u0000`;
    return [...this.entries].filter(([k]) => k.startsWith(prefix)).map(([k, password]) => ({ account: k.slice(prefix.length), password }));
  }
}
