import { apiBaseOf } from '../../shared/api-base';
import { deepFreeze } from '../../shared/deep-freeze';
import { applyAuth, type AppliedAuth, type RequestAuthenticator } from '../../shared/auth-apply';
import { oauthClientTls } from '../../shared/client-cert';
import type { OAuthConfig, TokenInfo } from '../../shared/oauth';
import { secretSlots, type Profile, type SecretSlot, type StoredSecret } from '../../shared/profile';
import { headerValues } from '../../shared/rate-limit';
import type { HeaderPair } from '../../shared/request';
import { parseWwwAuthenticate } from '../../shared/www-authenticate';
import { DigestSessions } from './digest-auth';
import { AuthdeskError, saveAgainHint } from './errors';
import type { InteractiveDeps } from './oauth/authorization-code';
import { discover, type DiscoveredMetadata } from './oauth/discovery';
import { TokenManager, type Obtained, type OAuthProfile } from './oauth/token-manager';
import type { RedactorCache } from './redaction';
import { sigV4Authenticator } from './sigv4';
import type { Vault } from './vault';

/** What this process read for one secret slot: the version the profile file named, the value and its fingerprint. */
interface CachedSecret {
  savedAt: string;
  /** The fingerprint the profile file named when the value was read. */
  named: string | null;
  value: string;
  /** The value's own fingerprint (HMAC under the install's key); null when the vault could not compute one. */
  fingerprint: string | null;
  /** The auth step note of a file that names another key version than the keychain holds; null when they agree. */
  note: string | null;
}

/** A profile's secret values and what history and the token cache need of them (see AuthResolver.slotSecrets). */
interface SlotSecrets {
  values: Record<string, string>;
  fingerprints: string[];
  credential: string;
  notes: string[];
}

export interface ResolvedAuth {
  applied: AppliedAuth;
  fingerprints: string[];
  /** The bearer or OAuth access token sent, so a failure can be explained from its time claims (never logged). */
  accessToken: string | null;
}

/**
 * Turns a profile into the credentials of one request: resolves its secret slots from the keychain or the
 * environment, obtains an OAuth access token when the scheme needs one, teaches the redactor every value, and
 * applies the scheme. Token-endpoint work appears as auth steps with their timings, and token-response deviations
 * as `note` steps (compliance warnings).
 */
export class AuthResolver {
  private knownLoaded = false;
  /** The keychain listing under way (see {@link learnStoredSecrets}), if any. */
  private listing: Promise<Map<string, string>> | null = null;
  private readonly secretCache = new Map<string, CachedSecret>();
  /** Keychain reads under way, by secret cache key. */
  private readonly reading = new Map<string, Promise<CachedSecret>>();
  readonly tokens: TokenManager;
  private readonly digest = new DigestSessions();
  /**
   * The last resolution of each profile whose scheme is a pure function of its settings and secret values (Basic,
   * API key, bearer), keyed by the profile object (the store hands out one frozen object per file version).
   */
  private readonly staticAuth = new WeakMap<Profile, { values: Record<string, string>; resolved: ResolvedAuth }>();
  /**
   * The last resolution of each OAuth profile version that was made with a cached access token: a later send with
   * that same token (and the same secret values) is resolved the same way, so it is reused as the static schemes' is.
   */
  private readonly cachedTokenAuth = new WeakMap<Profile, { values: Record<string, string>; resolved: ResolvedAuth }>();

  constructor(
    private readonly vault: Vault,
    private readonly redactors: RedactorCache,
    now: () => number,
    closing?: AbortSignal,
    /** A profile's lock file, held while its tokens are refreshed (see TokenManager). */
    lockFileOf?: (profileId: string) => string,
  ) {
    this.tokens = new TokenManager(vault, now, redactors, closing, lockFileOf);
  }

  /**
   * Teaches the redactor every secret in the keychain once per process: one keychain call, shared by every caller
   * while it is under way (concurrent first sends list the keychain once, not once each: a listing is a D-Bus round
   * trip of 10-30 ms). Returns what it read, by keychain account, to the callers that waited for that read; null
   * once it has completed. A failed read is tried again by the next call.
   * @throws AuthdeskError `keychain_unavailable`
   */
  learnStoredSecrets(): Promise<Map<string, string> | null> {
    if (this.knownLoaded) return Promise.resolve(null);
    this.listing ??= (async () => {
      try {
        const all = await this.vault.allStoredValues();
        this.redactors.learn([...all.values()]);
        this.knownLoaded = true;
        return all;
      } finally {
        this.listing = null;
      }
    })();
    return this.listing;
  }

  /**
   * Starts the keychain listing ({@link learnStoredSecrets}) for a send of a Basic, API key or bearer profile that this
   * process has not listed for yet, so the request can go out while it runs: {@link resolve} then reads only the
   * profile's own entries (one keychain read, not the listing's two). Returns the listing, which the caller awaits
   * before it redacts anything (it rejects with `keychain_unavailable` when it fails); null when there is none to
   * wait for: listed already, no keychain secret, or another scheme (those wait for the listing in {@link resolve}:
   * their token requests may quote a server's text, which is redacted at once).
   */
  startListing(profile: Profile): Promise<unknown> | null {
    if (this.knownLoaded || !STATIC_SCHEMES.has(profile.auth.scheme) || !inKeychain(profile)) return null;
    return this.learnStoredSecrets();
  }

  /**
   * The profile's secret slot values with what history and the token cache need of them: each value's fingerprint
   * (the one the profile file names where the vault cannot compute one), the credential version (see
   * {@link OAuthProfile.credential}) and a note per slot whose file names another key version than the value read.
   * @throws AuthdeskError `secret_missing`, `keychain_unavailable`
   */
  private async slotSecrets(profile: Profile): Promise<SlotSecrets> {
    // The first send reads the whole keychain once for redaction and takes its own values from that read, unless it
    // sends while the listing runs (startListing): then it reads its own entries.
    const overlapped = this.listing !== null && STATIC_SCHEMES.has(profile.auth.scheme);
    const justRead = inKeychain(profile) && !overlapped ? await this.learnStoredSecrets() : null;
    const out: SlotSecrets = { values: {}, fingerprints: [], credential: '', notes: [] };
    for (const slot of secretSlots(profile.auth)) {
      const stored = profile.secrets[slot.slot];
      if (!stored) throw new AuthdeskError('secret_missing', `Profile "${profile.name}" has no ${slot.label} saved. ${saveAgainHint(profile.name)}.`);
      const got = await this.resolveCached(stored, profile, slot, justRead);
      out.values[slot.slot] = got.value;
      const fingerprint = got.fingerprint ?? stored.fingerprint;
      if (fingerprint !== null) out.fingerprints.push(fingerprint);
      out.credential += `${slot.slot}:${stored.savedAt}:${fingerprint ?? ''};`;
      if (got.note !== null) out.notes.push(got.note);
    }
    this.redactors.learn(Object.values(out.values));
    return out;
  }

  /**
   * A secret slot's value, cached for the process: a keychain read is a D-Bus round trip (a third of a send's time).
   * There is one entry per profile id, slot and reference (so a copied profile file never gets the original's value
   * without the vault's ownership check), valid for the version the profile file names (`savedAt` and fingerprint,
   * which every write, Replace or `authdesk rotate` in another process, changes). A lookup for any other version is a
   * miss: the keychain is read again and the entry replaced, so a value the keychain no longer holds never comes back
   * (a profile file restored from git or a backup names an older version: it gets what the keychain holds now). On a
   * miss the value's own fingerprint is computed (one HMAC); when it is not the one the file names, it is the one
   * history records, with a note. An env reference is read on every call; its fingerprint only when its value changes.
   */
  private async resolveCached(stored: StoredSecret, profile: Profile, slot: SecretSlot, justRead: Map<string, string> | null): Promise<CachedSecret> {
    const { ref } = stored;
    const key = cacheKey(profile, slot, stored);
    const hit = this.secretCache.get(key);
    if (ref.source === 'keychain') {
      if (hit && readFor(hit, stored)) return hit;
      let reading = this.reading.get(key);
      if (!reading) {
        // Concurrent first sends of a profile read its entry once.
        reading = this.readKeychain(key, stored, profile, slot, justRead).finally(() => this.reading.delete(key));
        this.reading.set(key, reading);
      }
      return reading;
    }
    const value = await this.vault.resolve(ref, profile, slot);
    return hit?.value === value ? hit : this.remember(key, stored, value, profile, slot);
  }

  /**
   * A keychain slot's value read for `stored`'s version (see {@link resolveCached}). Read on its own while the
   * listing runs, an entry that is not found waits for the listing, which tells a locked keychain (that answers "no
   * entry" on Linux) from a missing entry, and may hold it.
   */
  private async readKeychain(key: string, stored: StoredSecret, profile: Profile, slot: SecretSlot, justRead: Map<string, string> | null): Promise<CachedSecret> {
    const listing = justRead === null ? this.listing : null;
    const value = await this.vault.resolve(stored.ref, profile, slot, justRead).catch(async (e: unknown) => {
      if (!listing || !(e instanceof AuthdeskError) || e.code !== 'secret_missing') throw e;
      return this.vault.resolve(stored.ref, profile, slot, await listing);
    });
    return this.remember(key, stored, value, profile, slot);
  }

  /**
   * The fingerprints of the values this process read for the profile's current version (see {@link resolveCached}),
   * for the history entry of a send whose auth stage failed after reading them (a token endpoint that refused the
   * client secret); a slot not read for this version gives the fingerprint its profile file names. No keychain read.
   */
  fingerprintsOf(profile: Profile): string[] {
    return secretSlots(profile.auth).flatMap((slot) => {
      const stored = profile.secrets[slot.slot];
      if (!stored) return [];
      const hit = this.secretCache.get(cacheKey(profile, slot, stored));
      const current = hit !== undefined && readFor(hit, stored) ? hit.fingerprint : null;
      return current ?? stored.fingerprint ?? [];
    });
  }

  /** Caches `value` as read for `stored`'s version, with its fingerprint and, when the file names another, a note. */
  private async remember(key: string, stored: StoredSecret, value: string, profile: Profile, slot: SecretSlot): Promise<CachedSecret> {
    const fingerprint = await this.vault.fingerprint(value);
    const named = stored.fingerprint;
    const note = stored.ref.source === 'keychain' && fingerprint !== null && named !== null && fingerprint !== named
      ? `The profile file names key version ${named} of the ${slot.label}, but the keychain holds version ${fingerprint}, which was sent: the file is older or newer than the keychain entry (restored from git or a backup, or saved on another computer?). If ${fingerprint} is the right key, save it again so the file names it; otherwise save the right one: Replace in the app, or: authdesk rotate ${JSON.stringify(profile.name)}.`
      : null;
    const entry: CachedSecret = { savedAt: stored.savedAt, named, value, fingerprint, note };
    this.secretCache.set(key, entry);
    return entry;
  }

  /** Forgets cached secret values (after Forget all secrets, a store switch, or a profile's removal). */
  forgetCachedSecrets(): void {
    this.secretCache.clear();
  }

  /**
   * After an API's answer to an OAuth profile's request: a 401 whose Bearer challenge says `invalid_token` (RFC 6750
   * §3.1: expired, revoked or malformed) drops the access token held for the profile, so the next send gets a new one
   * (by refresh, or by its grant) instead of sending the refused one again. Returns whether it did.
   */
  refusedToken(profile: Profile, status: number | null, responseHeaders: HeaderPair[]): boolean {
    if (profile.auth.scheme !== 'oauth2' || status !== 401) return false;
    const challenges = parseWwwAuthenticate(headerValues(responseHeaders, 'www-authenticate'));
    if (!challenges.some((c) => c.scheme.toLowerCase() === 'bearer' && c.params.error === 'invalid_token')) return false;
    this.tokens.forgetAccessTokens(profile.id);
    return true;
  }

  /** The token manager's view of an OAuth profile. */
  async oauthProfile(profile: Profile): Promise<OAuthProfile> {
    if (profile.auth.scheme !== 'oauth2') throw new AuthdeskError('invalid_request', `Profile "${profile.name}" does not use OAuth 2.0.`);
    return this.toOAuthProfile(profile, profile.auth, await this.slotSecrets(profile));
  }

  private toOAuthProfile(profile: Profile, config: OAuthConfig, { values, credential }: SlotSecrets): OAuthProfile {
    return { id: profile.id, name: profile.name, config, clientSecret: values.client_secret ?? null, privateKey: values.private_key ?? null, clientTls: oauthClientTls(config, values), credential };
  }

  /**
   * An access token for an OAuth profile, running an interactive grant when `interactive` is given.
   * @param timeoutMs ms a token request of an unattended grant or a refresh may take (default 30 s)
   */
  async token(profile: Profile, interactive?: InteractiveDeps, timeoutMs?: number): Promise<Obtained> {
    return this.tokens.get(await this.oauthProfile(profile), interactive, timeoutMs);
  }

  /**
   * Endpoints from an issuer's metadata (see {@link discover}); an error that quotes the server's document is
   * redacted with every known secret, like the token manager's.
   * @throws AuthdeskError `auth_failed`
   */
  discover(issuer: string): Promise<DiscoveredMetadata> {
    return discover(issuer).catch((e: unknown) => Promise.reject(this.redactors.redactError(e)));
  }

  /** The per-attempt authenticator of the schemes that answer a challenge (Digest) or sign (AWS SigV4). */
  private authenticatorFor(profile: Profile, values: Record<string, string>): RequestAuthenticator | undefined {
    const a = profile.auth;
    if (a.scheme === 'digest') return this.digest.authenticator(profile.id, a.username ?? values.username!, values.password!);
    if (a.scheme === 'aws-sigv4') {
      return sigV4Authenticator({ accessKeyId: a.accessKeyId, secretAccessKey: values.secret_access_key!, sessionToken: values.session_token!, region: a.region, service: a.service });
    }
    return undefined;
  }

  /**
   * Everything one request needs. With a keychain listing started by {@link startListing} under way, a Basic, API key
   * or bearer profile's own entries are read without waiting for it; the caller awaits that listing before it redacts.
   * @param timeoutMs ms an OAuth token request made for it may take (the send's timeout; default 30 s)
   * @throws AuthdeskError `secret_missing`, `keychain_unavailable`, `login_required`, `auth_failed` (also for a secret
   *   value the scheme cannot send), `invalid_request`
   */
  async resolve(profile: Profile, interactive?: InteractiveDeps, timeoutMs?: number): Promise<ResolvedAuth> {
    const secrets = await this.slotSecrets(profile);
    const { values } = secrets;
    const isStatic = STATIC_SCHEMES.has(profile.auth.scheme);
    const hit = isStatic ? this.staticAuth.get(profile) : undefined;
    if (hit && sameValues(hit.values, values)) return hit.resolved;
    let oauthSteps: AppliedAuth['steps'] = [];
    let fromTokenCache = false;
    if (profile.auth.scheme === 'oauth2') {
      const got = await this.tokens.get(this.toOAuthProfile(profile, profile.auth, secrets), interactive, timeoutMs);
      values.access_token = got.tokens.accessToken;
      // A cached token's steps are always the same note, so the same token resolves as last time.
      fromTokenCache = got.source === 'cache' && got.warnings.length === 0;
      const last = fromTokenCache ? this.cachedTokenAuth.get(profile) : undefined;
      if (last && sameValues(last.values, values)) return last.resolved;
      oauthSteps = [...got.steps, ...got.warnings.map((w) => ({ kind: 'note' as const, detail: w }))];
    }
    let applied: AppliedAuth;
    try {
      applied = applyAuth(profile.auth, values);
    } catch (e) {
      // A secret value that cannot be sent (a header it would break, a Basic user-id with a colon): the auth stage
      // failed, as for a missing secret; the request is not the problem.
      throw new AuthdeskError('auth_failed', (e as Error).message);
    }
    applied.steps.unshift(...secrets.notes.map((detail) => ({ kind: 'note' as const, detail })), ...oauthSteps);
    applied.authenticator = this.authenticatorFor(profile, values);
    this.redactors.learn(applied.secretValues);
    // The fingerprints of the values sent, computed when they were read (not per send).
    const resolved: ResolvedAuth = { applied, fingerprints: secrets.fingerprints, accessToken: values.access_token ?? values.token ?? null };
    if (!isStatic && !fromTokenCache) return resolved;
    // Shared by every later send of this profile version: frozen, so no caller can change what the next one gets.
    (isStatic ? this.staticAuth : this.cachedTokenAuth).set(profile, { values, resolved: deepFreeze(resolved) });
    return resolved;
  }
}

/** Whether a cached secret was read for the version the profile file names now (its savedAt and fingerprint). */
const readFor = (hit: CachedSecret, stored: StoredSecret): boolean => hit.savedAt === stored.savedAt && hit.named === stored.fingerprint;

/** The secret cache's key of a slot: the profile id, the slot and where its value lives. */
const cacheKey = (profile: Profile, slot: SecretSlot, { ref }: StoredSecret): string =>
  `${profile.id}|${slot.slot}|${ref.source === 'keychain' ? ref.account : `env:${ref.name}`}`;

/** Schemes whose applied auth depends on nothing but the profile's settings and its secret values. */
const STATIC_SCHEMES = new Set(['basic', 'apikey', 'bearer']);

/** Whether any of the profile's secret slots lives in the keychain. */
const inKeychain = (profile: Profile): boolean => Object.values(profile.secrets).some((s) => s.ref.source === 'keychain');

const sameValues = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/** What the UI and CLI may show of an obtained token set (never a token). */
export function tokenInfo(got: Obtained): TokenInfo {
  return {
    tokenType: got.tokens.tokenType,
    expiresAt: got.tokens.expiresAt === null ? null : new Date(got.tokens.expiresAt).toISOString(),
    scope: got.tokens.scope,
    hasRefreshToken: got.tokens.refreshToken !== null,
    apiBaseUrl: apiBaseOf(got.tokens),
    source: got.source,
    warnings: got.warnings,
  };
}
