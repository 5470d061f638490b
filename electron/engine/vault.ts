import { createHmac, randomBytes } from 'node:crypto';
import type { SecretRef, SecretSlot, StoredSecret } from '../../shared/profile';
import { AuthdeskError, saveAgainHint } from './errors';
import { guardedStore, KEYCHAIN_SERVICE, type SecretStore } from './keychain';

const FINGERPRINT_KEY_ACCOUNT = 'install/fingerprint-key';

/**
 * Keychain entries hold `v1:` + the value: keychains refuse an empty password, but an empty Basic password is
 * legal (RFC 7617 §2; Stripe sends the key as username and nothing after the colon).
 */
const encodeStored = (value: string) => `v1:${value}`;
const decodeStored = (stored: string) => (stored.startsWith('v1:') ? stored.slice(3) : stored);

/** The keychain account of a profile's secret slot. */
export const accountFor = (profileId: string, slot: string): string => `profile/${profileId}/${slot}`;

/** The profile a secret reference is read or deleted for: its id (which owns the keychain entries) and name. */
export interface SecretOwner {
  id: string;
  name: string;
}

/**
 * Whether `ref` names the profile's own entry for `slot`: a profile owns `profile/<its id>/<slot>` and nothing else
 * (not another profile's entries, not the install's fingerprint key). Env references belong to no one: true.
 */
const owns = (ref: SecretRef, profileId: string, slot: string): boolean => ref.source === 'env' || ref.account === accountFor(profileId, slot);

/**
 * The vault: the one door secrets enter through (DESIGN.md "Secret hygiene" rule 1). It writes values to the OS
 * keychain, resolves {@link SecretRef}s (keychain or environment variable) when a request needs them, and computes
 * key fingerprints. It never writes a secret anywhere else.
 */
export class Vault {
  private fingerprintKey: Promise<Buffer | null> | null = null;
  /** The store, its failures reported as `keychain_unavailable` (see guardedStore). */
  private store: SecretStore;

  constructor(
    store: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly now: () => number = Date.now,
  ) {
    this.store = guardedStore(store);
  }

  /**
   * A short, stable identifier of a secret value: the first 8 hex digits of HMAC-SHA256 under a per-install key
   * kept in the keychain. Reveals nothing about the value; null when the keychain is unavailable.
   */
  async fingerprint(value: string): Promise<string | null> {
    const key = await this.getFingerprintKey();
    return key ? createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 8) : null;
  }

  private getFingerprintKey(): Promise<Buffer | null> {
    this.fingerprintKey ??= (async () => {
      try {
        const existing = await this.store.getPassword(KEYCHAIN_SERVICE, FINGERPRINT_KEY_ACCOUNT);
        if (existing) return Buffer.from(existing, 'base64');
        const fresh = randomBytes(32);
        await this.store.setPassword(KEYCHAIN_SERVICE, FINGERPRINT_KEY_ACCOUNT, fresh.toString('base64'));
        return fresh;
      } catch {
        this.fingerprintKey = null; // try again next time, the keychain may come back
        return null;
      }
    })();
    return this.fingerprintKey;
  }

  /**
   * Saves (or replaces, in one keychain write) a profile slot's value in the keychain.
   * @throws AuthdeskError `keychain_unavailable` with the fix; nothing is written elsewhere.
   */
  async saveToKeychain(profileId: string, slot: string, value: string): Promise<StoredSecret> {
    const account = accountFor(profileId, slot);
    await this.store.setPassword(KEYCHAIN_SERVICE, account, encodeStored(value));
    return { ref: { source: 'keychain', account }, fingerprint: await this.fingerprint(value), savedAt: new Date(this.now()).toISOString() };
  }

  /** A reference to an environment variable (for CI); the value is read at send time, never stored. */
  envReference(name: string): StoredSecret {
    return { ref: { source: 'env', name }, fingerprint: null, savedAt: new Date(this.now()).toISOString() };
  }

  /**
   * The value of a profile's secret slot behind `ref`. A keychain reference is read only when it is the profile's
   * own entry (`profile/<owner.id>/<slot>`, see {@link accountFor}): a profile file cannot point at another
   * profile's secret or at the install's fingerprint key.
   * @param prefetched keychain values by account as {@link allStoredValues} read them: used instead of a new read
   * An environment variable that is set but empty, or only whitespace, counts as missing, unless the slot may be
   * empty (a Basic password, which then takes the value as it is).
   * @throws AuthdeskError `secret_missing` (what is missing and how to fix it: unset or empty variable, entry gone, or
   *   an entry that is not the profile's own) or `keychain_unavailable`.
   */
  async resolve(ref: SecretRef, owner: SecretOwner, slot: SecretSlot, prefetched?: ReadonlyMap<string, string> | null): Promise<string> {
    const { label } = slot;
    if (ref.source === 'env') {
      const v = this.env[ref.name];
      if (v === undefined) {
        throw new AuthdeskError('secret_missing', `The ${label} of profile "${owner.name}" comes from the environment variable ${ref.name}, which is not set.`);
      }
      if (v.trim() === '' && !slot.mayBeEmpty) {
        const empty = v === '' ? 'empty' : 'empty (only whitespace)';
        throw new AuthdeskError(
          'secret_missing',
          `The ${label} of profile "${owner.name}" comes from the environment variable ${ref.name}, which is set but ${empty}. Set it to the ${label}.`,
        );
      }
      return v;
    }
    if (!owns(ref, owner.id, slot.slot)) {
      throw new AuthdeskError(
        'secret_missing',
        `The ${label} of profile "${owner.name}" refers to a keychain entry that belongs to another profile (a copied profile file?). ${saveAgainHint(owner.name, 'the secret again')}.`,
      );
    }
    const known = prefetched?.get(ref.account);
    if (known !== undefined) return known;
    const stored = await this.store.getPassword(KEYCHAIN_SERVICE, ref.account);
    if (stored === null) {
      throw new AuthdeskError(
        'secret_missing',
        `The ${label} of profile "${owner.name}" is not in the keychain any more. ${saveAgainHint(owner.name, 'it again')}.`,
      );
    }
    return decodeStored(stored);
  }

  /**
   * Every profile secret in the keychain (one call), so redaction knows them all before any request is sent:
   * the value by keychain account, as read now. The install's fingerprint key comes with that same call and is kept
   * for {@link fingerprint} (no second keychain read when the first send fingerprints what it read).
   */
  async allStoredValues(): Promise<Map<string, string>> {
    const entries = await this.store.findCredentials(KEYCHAIN_SERVICE);
    const key = entries.find((e) => e.account === FINGERPRINT_KEY_ACCOUNT)?.password;
    if (key && this.fingerprintKey === null) this.fingerprintKey = Promise.resolve(Buffer.from(key, 'base64'));
    return new Map(entries.filter((e) => e.account.startsWith('profile/')).map((e) => [e.account, decodeStored(e.password)]));
  }

  /** Switches the store (the user chose session-only secrets); forgets the fingerprint key so it is re-made there. */
  useStore(store: SecretStore): void {
    this.store = guardedStore(store);
    this.fingerprintKey = null;
  }

  /** Deletes every entry Authdesk owns in the keychain ("Forget all secrets"). Returns how many were deleted. */
  async forgetAll(): Promise<number> {
    const entries = await this.store.findCredentials(KEYCHAIN_SERVICE);
    const results = await Promise.all(entries.map((e) => this.store.deletePassword(KEYCHAIN_SERVICE, e.account)));
    this.fingerprintKey = null;
    return results.filter(Boolean).length;
  }

  /**
   * Deletes a profile slot's keychain entry, only when it is the profile's own (`profile/<profileId>/<slot>`): a
   * reference to another entry (a copied profile file) is left alone. Env references have nothing to delete.
   * Returns whether an entry was removed.
   */
  async remove(ref: SecretRef, profileId: string, slot: string): Promise<boolean> {
    return ref.source === 'keychain' && owns(ref, profileId, slot) ? this.store.deletePassword(KEYCHAIN_SERVICE, ref.account) : false;
  }
}
