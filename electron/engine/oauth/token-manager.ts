import type { ClientTls } from '../../../shared/client-cert';
import { NO_TOKEN_HELD, REFRESH_REJECTED, type Grant, type OAuthConfig, type TokenSet } from '../../../shared/oauth';
import type { SecretSlot } from '../../../shared/profile';
import type { AuthStep } from '../../../shared/request';
import { AuthdeskError, saveAgainHint } from '../errors';
import { withFileLock } from '../file-lock';
import { redactFlowStep, type RedactorCache } from '../redaction';
import { accountFor, type Vault } from '../vault';
import { addCommonParams, runAuthorizationCode, type InteractiveDeps } from './authorization-code';
import { jwtBearerParams } from './assertions';
import { runDeviceFlow } from './device';
import { OAUTH_TIMEOUT_MS } from './http';
import { requestInstallationToken } from './github-app';
import { revokeToken } from './revoke';
import { OAuthError, requestToken, type ClientAuth, type TokenResult } from './token-endpoint';

/** What to do when the server did not confirm a revocation (RFC 7009 §2.2.1): the local copies are gone either way. */
const UNCONFIRMED_ADVICE =
  'Authdesk dropped its own copies, as always. To cut the token off now, revoke this app\'s access at the provider (its connected-apps or tokens page), or rotate the client credentials there.';

/** The OAuth profile facts the token manager needs. */
export interface OAuthProfile {
  id: string;
  name: string;
  config: OAuthConfig;
  clientSecret: string | null;
  /** The PEM private key (slot `private_key`) for private_key_jwt, the JWT bearer grant and GitHub Apps. */
  privateKey?: string | null;
  /** The client certificate of tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2). */
  clientTls?: ClientTls | null;
  /**
   * The version of the client credentials above (each secret slot's savedAt and value fingerprint, see
   * AuthResolver.slotSecrets): a token is used only with the version that obtained it. A token, and the refresh token
   * that came with it, obtained with a rotated or replaced client secret or key is never used again (a rotation
   * because a credential leaked must not keep using tokens it minted, and a wrong new secret must fail visibly).
   */
  credential?: string;
}

export interface Obtained {
  tokens: TokenSet;
  source: 'cache' | 'fetched' | 'refreshed';
  steps: AuthStep[];
  warnings: string[];
}

/** The keychain slot of the refresh token (never in a profile file). */
const REFRESH_SLOT: SecretSlot = { slot: 'refresh_token', label: 'refresh token', mayBeEmpty: false };
/** Refresh this long before expiry at most (a tenth of a short lifetime, so a 5 s token is still used). */
const MAX_SKEW_MS = 30_000;
/**
 * ms a refresh waits at most for another process refreshing the same profile (or rotating its secrets), as `rotate`
 * waits: a refresh takes one round trip, so a longer wait means that process hangs on a slow server.
 */
const REFRESH_LOCK_WAIT_MS = 10_000;

/**
 * Grants that need a person (a browser sign-in or a device code); the others run unattended and keep no refresh
 * token: client_credentials should not be issued one (RFC 6749 §4.4.3), and like jwt_bearer (RFC 7523) and GitHub
 * App installation tokens the client holds what it needs to run the grant again, so a refresh token would only be
 * one more long-lived credential to leak (and to outlive a rotated client secret).
 */
const interactiveGrant = (g: Grant): boolean => g === 'authorization_code' || g === 'device_code';

/** The auth step of a token reply to an unattended grant that held a refresh token (see {@link interactiveGrant}). */
const DROPPED_REFRESH_NOTE = 'the server also issued a refresh token; not kept: this grant runs again when the access token expires (RFC 6749 §4.4.3)';

/** An access token set in the cache: when it was obtained (ms) and with which client credential version. */
interface CachedTokens {
  tokens: TokenSet;
  obtainedAt: number;
  credential: string;
}

/**
 * How a refresh under the profile's lock ended: refreshed; `rejected` (invalid_grant, the refresh token sent is
 * deleted); `superseded` (invalid_grant, but the keychain meanwhile holds another refresh token, which is kept); or
 * null when the keychain holds no refresh token.
 */
type RefreshOutcome = TokenResult | 'rejected' | 'superseded' | null;

/** What was dropped from the cache because the client credentials changed: its refresh token is not used either. */
interface Retired {
  refreshToken: string | null;
}

/** The auth step of a send whose cached token was obtained with client credentials since replaced. */
const RETIRED_NOTE = 'the cached token was obtained with a client secret or key since replaced (rotated, Replace): not used; a new one is requested with the current one';

/**
 * Token cache per profile and scope, each token kept with the client credential version that obtained it and used
 * only with that version, with one in-flight token request per key and version (100 concurrent sends on an empty
 * cache make exactly one token request), refresh before expiry with a skew, refresh-token rotation kept atomically
 * in the keychain (RFC 6749 §6, RFC 9700 §4.14.2), one refresh of a profile at a time across processes (see
 * {@link refreshLocked}), and `invalid_grant` turned into "sign in again" rather than a loop. Access tokens stay in
 * memory; refresh tokens live in the keychain only, which is the one truth about them: a refresh reads it again.
 *
 * Every OAuth endpoint call goes through this class, so it is where server text is made safe to quote: the
 * messages of the errors it throws, the warnings and steps it returns, the progress of interactive flows (the
 * device flow's user_code and verification URIs) and the revocation notes are redacted with
 * every secret known to `secrets` (DESIGN.md "Secret hygiene" rule 2): an authorization server that echoes the
 * client_secret or the Basic credential in its error_description never gets it shown, logged or stored.
 */
export class TokenManager {
  private readonly cache = new Map<string, CachedTokens>();
  private readonly inFlight = new Map<string, Promise<Obtained>>();
  /** Token requests made (for tests and the benchmark). */
  tokenRequests = 0;

  private readonly learn: (values: string[]) => void;

  constructor(
    private readonly vault: Vault,
    private readonly now: () => number,
    /** Learns every secret used or obtained, and redacts server text with all of them. */
    private readonly secrets: RedactorCache,
    /** Aborted when the engine closes: a token request under way is cancelled, and none starts after it. */
    private readonly closing?: AbortSignal,
    /**
     * The lock file of a profile (the one `rotate` takes, see ProfileStore.lockFileOf): a refresh holds it, so one
     * process at a time refreshes a profile. Without it refreshes are serialised within this process only (a
     * TokenManager on its own, in tests).
     */
    private readonly lockFileOf?: (profileId: string) => string,
  ) {
    this.learn = (values) => secrets.learn(values);
  }

  private key(p: OAuthProfile): string {
    return `${p.id}|${p.config.scope ?? ''}`;
  }

  private clientAuth(p: OAuthProfile): ClientAuth {
    return { config: p.config, clientSecret: p.config.tokenEndpointAuthMethod === 'none' ? null : p.clientSecret, privateKey: p.privateKey ?? null, tls: p.clientTls ?? null, learn: this.learn };
  }

  private privateKey(p: OAuthProfile): string {
    if (!p.privateKey) throw new AuthdeskError('secret_missing', `Profile "${p.name}" has no private key saved. ${saveAgainHint(p.name)}.`);
    return p.privateKey;
  }

  private fresh(entry: CachedTokens | undefined): boolean {
    if (!entry) return false;
    const { expiresAt } = entry.tokens;
    if (expiresAt === null) return true;
    const skew = Math.min(MAX_SKEW_MS, (expiresAt - entry.obtainedAt) / 10);
    return this.now() < expiresAt - skew;
  }

  /**
   * A valid access token for the profile: from the cache, by refresh, or by running the grant. Interactive grants
   * (authorization_code, device_code) run only when `interactive` is given (client_credentials, jwt_bearer and
   * github_app always run); otherwise the caller gets a
   * `login_required` error that says how to sign in.
   * @param timeoutMs ms a token request may take, start to end of the reply: an unattended grant's, a refresh, the
   *   browser sign-in's code exchange and the device flow's requests (each poll) (a send passes its own timeout,
   *   `token --timeout` its value); the wait for the user in the browser or on the device keeps the flow's own limit
   *   (`interactive.timeoutMs`, the device code's lifetime). A caller that joins a request already under way shares
   *   its bound.
   * @throws AuthdeskError `login_required`, `auth_failed`, `keychain_unavailable`, `conflict` (another process kept
   *   the profile's lock while this one needed a refresh: see refreshLocked)
   */
  async get(p: OAuthProfile, interactive?: InteractiveDeps, timeoutMs = OAUTH_TIMEOUT_MS): Promise<Obtained> {
    const key = this.key(p);
    const credential = p.credential ?? '';
    let cached = this.cache.get(key);
    let retired: Retired | null = null;
    if (cached && cached.credential !== credential) {
      // Obtained with another version of the client credentials: dropped now, so it can never come back into use.
      this.cache.delete(key);
      retired = { refreshToken: cached.tokens.refreshToken };
      cached = undefined;
    }
    if (cached && this.fresh(cached)) return { tokens: cached.tokens, source: 'cache', steps: [{ kind: 'note', detail: 'access token from cache' }], warnings: [] };
    // A request under way for another credential version is not joined: its token is not for this one.
    const flight = `${key}|${credential}`;
    const pending = this.inFlight.get(flight);
    if (pending) return pending;
    const run = this.obtain({ ...p, credential }, retired, interactive && this.redactingProgress(interactive), timeoutMs)
      .then(
        (got) => this.redacted(got),
        (e: unknown) => Promise.reject(this.secrets.redactError(e)),
      )
      .finally(() => this.inFlight.delete(flight));
    this.inFlight.set(flight, run);
    return run;
  }

  /** `got` with the server-derived text of its steps and warnings redacted. */
  private redacted(got: Obtained): Obtained {
    const r = (t: string) => this.secrets.redactText(t);
    return { ...got, steps: got.steps.map((s) => ({ ...s, detail: r(s.detail) })), warnings: got.warnings.map(r) };
  }

  /**
   * `deps` whose progress reaches the host only redacted (the one door for flow progress): redacted at each step,
   * with every secret known by then (the device_code is learnt just before the step that could echo it).
   */
  private redactingProgress(deps: InteractiveDeps): InteractiveDeps {
    return { ...deps, onProgress: (step) => deps.onProgress(redactFlowStep(this.secrets.for(null), step)) };
  }

  private async obtain(p: OAuthProfile, retired: Retired | null, interactive: InteractiveDeps | undefined, timeoutMs: number): Promise<Obtained> {
    const steps: AuthStep[] = [];
    if (retired) steps.push({ kind: 'note', detail: RETIRED_NOTE });
    // An unattended grant never keeps a refresh token (see interactiveGrant), nor uses one an older version kept.
    const outcome = interactiveGrant(p.config.grant) ? await this.refreshLocked(p, retired, timeoutMs) : null;
    if (outcome !== null && typeof outcome === 'object') {
      steps.push({ kind: 'applied', detail: `access token refreshed (${outcome.clientAuth})`, durationMs: outcome.durationMs });
      return { tokens: outcome.tokens, source: 'refreshed', steps, warnings: outcome.warnings };
    }
    if (outcome !== null) {
      steps.push({ kind: 'note', detail: REFRESH_REJECTED });
      // Said before the browser opens or a device code shows, so the person knows why they sign in again.
      interactive?.onProgress({ step: 'sign_in_again', reason: REFRESH_REJECTED });
      if (!interactive) {
        const signIn = `sign in again (authdesk token "${p.name}")`;
        throw new AuthdeskError(
          'login_required',
          outcome === 'superseded'
            ? `The refresh token of "${p.name}" was rejected, and another Authdesk process has saved a new one meanwhile: try again, or ${signIn}.`
            : `The refresh token of "${p.name}" is no longer valid. ${signIn[0]!.toUpperCase()}${signIn.slice(1)}.`,
        );
      }
    }
    const r = await this.runGrant(p, interactive, timeoutMs);
    steps.push({ kind: 'applied', detail: `access token fetched with ${p.config.grant} (${r.clientAuth})`, durationMs: r.durationMs });
    if (r.droppedRefresh) steps.push({ kind: 'note', detail: DROPPED_REFRESH_NOTE });
    return { tokens: r.tokens, source: 'fetched', steps, warnings: r.warnings };
  }

  private async runGrant(p: OAuthProfile, interactive: InteractiveDeps | undefined, timeoutMs: number): Promise<TokenResult & { droppedRefresh: boolean }> {
    const auth = this.clientAuth(p);
    const { grant } = p.config;
    let result: TokenResult;
    if (interactiveGrant(grant)) {
      if (!interactive) {
        throw new AuthdeskError('login_required', `"${p.name}" needs a sign-in first (${grant}). Sign in from the profile, or run: authdesk token "${p.name}".`);
      }
      this.tokenRequests += 1;
      const deps = { ...interactive, requestTimeoutMs: timeoutMs };
      result = grant === 'authorization_code' ? await runAuthorizationCode(p.config, auth, deps) : await runDeviceFlow(p.config, auth, deps);
    } else if (grant === 'github_app') {
      this.tokenRequests += 1;
      result = await requestInstallationToken(p.config, this.privateKey(p), this.learn, timeoutMs);
    } else {
      let params = new URLSearchParams({ grant_type: 'client_credentials' }); // RFC 6749 §4.4.2
      if (grant === 'jwt_bearer') {
        const signed = await jwtBearerParams(p.config, this.privateKey(p));
        this.learn([signed.assertion]);
        params = signed.params;
      }
      addCommonParams(p.config, params);
      this.tokenRequests += 1;
      result = await requestToken(p.config.tokenEndpoint, auth, params, { timeoutMs, now: this.now, signal: this.closing });
    }
    const droppedRefresh = !interactiveGrant(grant) && result.tokens.refreshToken !== null;
    if (droppedRefresh) {
      this.learn([result.tokens.refreshToken!]); // it is in the token reply that history may record
      result = { ...result, tokens: { ...result.tokens, refreshToken: null } };
    }
    await this.store(p, result.tokens, result.warnings);
    return { ...result, droppedRefresh };
  }

  /**
   * Refreshes with the refresh token in the keychain, holding the profile's lock across processes (RFC 9700 §4.14.2:
   * a server that rotates refresh tokens rejects a reused one, so two processes sending the same one lose the
   * sign-in). Under the lock the keychain is read again, so a token another process rotated meanwhile is used, never
   * the replaced one this process may still hold in memory; on invalid_grant the keychain entry is deleted only if it
   * still holds the token sent (compare before delete), so a newer one saved meanwhile survives.
   * @param timeoutMs bounds the wait for the lock too (10 s at most, {@link REFRESH_LOCK_WAIT_MS})
   * @throws AuthdeskError `conflict` when another process keeps the lock past that wait; what the refresh throws
   */
  private async refreshLocked(p: OAuthProfile, retired: Retired | null, timeoutMs: number): Promise<RefreshOutcome> {
    const run = async (): Promise<RefreshOutcome> => {
      const sent = await this.storedRefresh(p, retired);
      if (!sent) return null;
      try {
        return await this.refresh(p, sent, timeoutMs);
      } catch (e) {
        if (!(e instanceof OAuthError && e.oauthError === 'invalid_grant')) throw e;
        if ((await this.storedRefresh(p)) !== sent) return 'superseded';
        await this.forgetRefresh(p.id);
        return 'rejected';
      }
    };
    if (!this.lockFileOf) return run();
    return withFileLock(this.lockFileOf(p.id), `The sign-in of profile "${p.name}"`, run, { waitMs: Math.min(timeoutMs, REFRESH_LOCK_WAIT_MS) });
  }

  private async refresh(p: OAuthProfile, refreshToken: string, timeoutMs: number): Promise<TokenResult> {
    this.tokenRequests += 1;
    const params = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const r = await requestToken(p.config.tokenEndpoint, this.clientAuth(p), params, { timeoutMs, now: this.now, signal: this.closing, previousRefresh: refreshToken });
    await this.store(p, r.tokens, r.warnings);
    return r;
  }

  /** Caches the access token and keeps the newest refresh token in the keychain (one overwrite: atomic). */
  private async store(p: OAuthProfile, tokens: TokenSet, warnings: string[] = []): Promise<void> {
    const asked = new Set((p.config.scope ?? '').split(/\s+/).filter(Boolean));
    const granted = new Set((tokens.scope ?? '').split(/\s+/).filter(Boolean));
    if (asked.size && tokens.scope !== null && [...asked].some((s) => !granted.has(s))) {
      warnings.push(`The server granted scope "${tokens.scope}", not all of "${p.config.scope}" (RFC 6749 §3.3): calls needing the rest will fail.`);
    }
    this.learn([tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : []), ...(tokens.idToken ? [tokens.idToken] : [])]);
    if (tokens.refreshToken) await this.vault.saveToKeychain(p.id, REFRESH_SLOT.slot, tokens.refreshToken);
    this.cache.set(this.key(p), { tokens, obtainedAt: this.now(), credential: p.credential ?? '' });
  }

  /**
   * The refresh token kept in the keychain; null when there is none, or when it is the one `retired` names (obtained
   * with client credentials since replaced), which is then deleted.
   */
  private async storedRefresh(p: OAuthProfile, retired: Retired | null = null): Promise<string | null> {
    try {
      const value = await this.vault.resolve({ source: 'keychain', account: accountFor(p.id, REFRESH_SLOT.slot) }, p, REFRESH_SLOT);
      this.learn([value]);
      if (retired && value === retired.refreshToken) {
        await this.forgetRefresh(p.id);
        return null;
      }
      return value;
    } catch (e) {
      if (e instanceof AuthdeskError && e.code === 'secret_missing') return null;
      throw e;
    }
  }

  private async forgetRefresh(profileId: string): Promise<boolean> {
    return this.vault.remove({ source: 'keychain', account: accountFor(profileId, REFRESH_SLOT.slot) }, profileId, REFRESH_SLOT.slot);
  }

  /**
   * Drops every local copy of a profile's tokens (memory and keychain).
   * @returns how many keychain entries were deleted (the stored refresh token: 0 or 1)
   */
  async drop(profileId: string): Promise<number> {
    this.forgetAccessTokens(profileId);
    return (await this.forgetRefresh(profileId)) ? 1 : 0;
  }

  /**
   * Forgets the access tokens held in memory for a profile (every scope), keeping its stored refresh token: the next
   * request refreshes, or runs the grant again. For a token the API refused (RFC 6750 §3.1 `invalid_token`).
   */
  forgetAccessTokens(profileId: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${profileId}|`)) this.cache.delete(key);
  }

  /**
   * Revokes the profile's tokens at the revocation endpoint (RFC 7009), refresh token first (which also ends its
   * access tokens at most servers), and drops the local copies whatever the server answers (§2.2).
   * Returns what happened, one sentence per token.
   * @throws AuthdeskError `auth_failed` when a revocation was not confirmed (the endpoint unreachable, a 503 or another
   *   error reply, §2.2.1): every sentence, and what to do, in one message; the local copies are dropped all the same
   */
  async revoke(p: OAuthProfile): Promise<string[]> {
    const cached = this.cache.get(this.key(p))?.tokens ?? null;
    // The keychain's first: another process may have rotated the one cached here (RFC 9700 §4.14.2).
    const refresh = (await this.storedRefresh(p)) ?? cached?.refreshToken ?? null;
    const notes: string[] = [];
    const endpoint = p.config.revocationEndpoint;
    const targets: [string, 'refresh_token' | 'access_token'][] = [];
    if (refresh) targets.push([refresh, 'refresh_token']);
    if (cached) targets.push([cached.accessToken, 'access_token']);
    let unconfirmed = false;
    for (const [token, hint] of targets) {
      if (!endpoint) {
        notes.push(`no revocation endpoint: the ${hint} was dropped locally only`);
        continue;
      }
      try {
        notes.push(await revokeToken(endpoint, this.clientAuth(p), token, hint));
      } catch (e) {
        unconfirmed = true;
        notes.push(e instanceof AuthdeskError ? e.message : `The ${hint} was not revoked; it may still be valid at the server until it expires.`);
      }
    }
    await this.drop(p.id);
    if (targets.length === 0) notes.push(NO_TOKEN_HELD);
    const said = notes.map((n) => this.secrets.redactText(n));
    if (unconfirmed) throw new AuthdeskError('auth_failed', `${said.join(' ')} ${UNCONFIRMED_ADVICE}`);
    return said;
  }
}
