import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { ExportReply, KeychainStatus, ProfileView, SandboxInfo, SendReply } from '../../shared/contract';
import type { FlowStep, TokenInfo } from '../../shared/oauth';
import { explainFailure } from '../../shared/explain';
import { lintProfile } from '../../shared/lint';
import { rateLimitInfo, serverDateOf, type RateLimitInfo } from '../../shared/rate-limit';
import { profileMetrics, workspaceMetrics, type OnboardingEvent, type WorkspaceMetrics } from '../../shared/metrics';
import { identityOf, secretSlots, type AuthConfig, type ClientType, type Profile, type StoredSecret, type VerifyRequest } from '../../shared/profile';
import { sendRequestSchema, type HistoryEntry, type HistorySummary, type SendRequest } from '../../shared/request';
import { AuthResolver, tokenInfo, type ResolvedAuth } from './auth-resolver';
import { AuthdeskError } from './errors';
import type { InteractiveDeps } from './oauth/authorization-code';
import { discover, type DiscoveredMetadata } from './oauth/discovery';
import { exportHistory, type ExportFormat } from './export';
import { HistoryStore } from './history-store';
import { KeytarStore, probeKeychain, SessionMemoryStore, type SecretStore } from './keychain';
import { dataPaths } from './paths';
import { ProfileStore } from './profile-store';
import { RedactorCache, redactEntry } from './redaction';
import { startSandbox, type Sandbox } from './sandbox';
import { Sender } from './sender';
import { Vault } from './vault';

export const APP_VERSION = '0.1.0';

export interface EngineOptions {
  /** The data directory (see `defaultHome`). */
  home: string;
  /** The OS keychain by default; tests pass the same real keychain, never a fake. */
  secretStore?: SecretStore;
  /** ms since the epoch; injected by tests that check TTFSC with known timings. */
  clock?: () => number;
  env?: NodeJS.ProcessEnv;
}

export interface CreateProfileInput {
  name: string;
  clientType: ClientType;
  baseUrl?: string;
  auth: AuthConfig;
  /** slot → value, saved to the keychain. */
  secrets?: Record<string, string>;
  /** slot → environment variable name, read at send time (CI). */
  secretEnv?: Record<string, string>;
  /** Origins trusted with the credentials on a redirect (explicit opt-in). */
  trustRedirectsTo?: string[];
  verify?: VerifyRequest;
}

/** What `updateProfile` may change; secrets change through `replaceSecrets` only. */
export interface ProfilePatch {
  name?: string;
  clientType?: ClientType;
  baseUrl?: string | null;
  trustRedirectsTo?: string[];
  verify?: VerifyRequest | null;
  auth?: AuthConfig;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** How long a browser or device sign-in may take before it is abandoned. */
const FLOW_TIMEOUT_MS = 5 * 60_000;

/** What the caller of an interactive OAuth flow provides: the system browser and a progress sink. */
export interface FlowHost {
  /** Opens the system browser on an http(s) URL (RFC 8252 §5). */
  openBrowser(url: string): Promise<void>;
  onProgress(step: FlowStep): void;
}

/**
 * The Authdesk engine: every service the desktop app and the CLI share (profiles, vault, sender, history, metrics,
 * export, sandbox). Plain Node: it never imports `electron`. Errors meant for users are {@link AuthdeskError}s.
 */
export class Engine {
  private readonly inFlight = new Map<string, AbortController>();
  private readonly flows = new Map<string, AbortController>();
  private readonly redactors = new RedactorCache();
  private readonly auth: AuthResolver;
  private sandbox: Promise<Sandbox> | null = null;

  private constructor(
    readonly home: string,
    private readonly profiles: ProfileStore,
    private readonly history: HistoryStore,
    private readonly vault: Vault,
    private store: SecretStore,
    private readonly sender: Sender,
    private readonly clock: () => number,
  ) {
    this.auth = new AuthResolver(vault, this.redactors, clock);
  }

  /** Opens (creating if needed) the data directory at `opts.home`. */
  static async open(opts: EngineOptions): Promise<Engine> {
    await mkdir(opts.home, { recursive: true, mode: 0o700 });
    const paths = dataPaths(opts.home);
    const clock = opts.clock ?? Date.now;
    const store = opts.secretStore ?? new KeytarStore();
    return new Engine(
      opts.home,
      new ProfileStore(paths.profiles),
      new HistoryStore(paths.history),
      new Vault(store, opts.env ?? process.env, clock),
      store,
      new Sender(),
      clock,
    );
  }

  /** Stops the sandbox, closes pooled sockets and the database. */
  async close(): Promise<void> {
    for (const c of [...this.inFlight.values(), ...this.flows.values()]) c.abort();
    if (this.sandbox) await (await this.sandbox).close();
    this.sender.close();
    this.history.close();
  }

  /** Whether the OS keychain answers, with the fix when it does not (TRAPS T21). */
  async keychainStatus(): Promise<KeychainStatus> {
    const problem = await probeKeychain(this.store);
    return { available: problem === null, backend: this.store.backend, message: problem?.message ?? null, sessionOnly: this.store instanceof SessionMemoryStore };
  }

  /**
   * The user's explicit choice when the keychain is unavailable: keep secrets in memory for this session only
   * (never written anywhere; lost on quit). There is no automatic fallback.
   */
  async useSessionOnlySecrets(): Promise<KeychainStatus> {
    if (!(this.store instanceof SessionMemoryStore)) {
      this.store = new SessionMemoryStore();
      this.vault.useStore(this.store);
    }
    return this.keychainStatus();
  }

  /**
   * "Forget all secrets": deletes every keychain entry Authdesk owns (profile secrets, refresh tokens, the
   * fingerprint key) and drops tokens held in memory. Profiles stay; their secrets must be saved again.
   * @returns how many keychain entries were deleted
   */
  async forgetAllSecrets(): Promise<{ deleted: number }> {
    const { profiles } = await this.profiles.list();
    for (const p of profiles) await this.auth.tokens.drop(p.id);
    return { deleted: await this.vault.forgetAll() };
  }

  /** Records an onboarding event at `at` (ms, default now) and returns that time. */
  private event(profileId: string, type: OnboardingEvent['type'], reason?: OnboardingEvent['reason'], at = this.clock()): number {
    this.history.addEvent({ at, profileId, type, reason: reason ?? null });
    return at;
  }

  /** All profiles as the UI and the CLI show them, plus files that could not be read. */
  async listProfiles(): Promise<{ profiles: ProfileView[]; problems: { file: string; message: string }[] }> {
    const { profiles, problems } = await this.profiles.list();
    return { profiles: profiles.map((p) => this.view(p)), problems };
  }

  /** One profile by id or name. @throws AuthdeskError `not_found` */
  async getProfile(idOrName: string): Promise<ProfileView> {
    return this.view(await this.profiles.find(idOrName));
  }

  private view(p: Profile): ProfileView {
    const m = profileMetrics(p, this.history.events(p.id), []);
    return {
      id: p.id,
      name: p.name,
      clientType: p.clientType,
      createdAt: p.createdAt,
      baseUrl: p.baseUrl ?? null,
      trustRedirectsTo: p.trustRedirectsTo ?? [],
      verify: p.verify ?? null,
      lastVerifiedAt: this.lastVerified(p.id),
      auth: p.auth,
      identity: identityOf(p),
      secrets: secretSlots(p.auth).map((s) => {
        const stored = p.secrets[s.slot];
        return {
          slot: s.slot,
          label: s.label,
          saved: stored !== undefined,
          source: stored?.ref.source ?? 'keychain',
          envName: stored?.ref.source === 'env' ? stored.ref.name : null,
          fingerprint: stored?.fingerprint ?? null,
          savedAt: stored?.savedAt ?? null,
        };
      }),
      ttfscMs: m.ttfscMs,
      firstSuccessAt: m.firstSuccessAt,
      warnings: lintProfile(p),
    };
  }

  /**
   * Creates a profile: secrets go to the keychain (or stay env references), then the profile file is written.
   * If any keychain write fails, the entries already written are removed and no file is written.
   * @throws AuthdeskError `conflict` (name taken), `invalid_request` (a slot missing or empty),
   *   `keychain_unavailable` (with the fix)
   */
  async createProfile(input: CreateProfileInput): Promise<ProfileView> {
    const { profiles } = await this.profiles.list();
    if (profiles.some((p) => p.name === input.name)) {
      throw new AuthdeskError('conflict', `A profile named "${input.name}" already exists. Pick another name or remove it first.`);
    }
    const id = randomUUID();
    const secrets: Record<string, StoredSecret> = {};
    try {
      for (const slot of secretSlots(input.auth)) {
        const env = input.secretEnv?.[slot.slot];
        const value = input.secrets?.[slot.slot];
        if (env !== undefined) secrets[slot.slot] = this.vault.envReference(env);
        else if (value === undefined) throw new AuthdeskError('invalid_request', `The ${slot.label} is missing.`);
        else if (value === '' && !slot.mayBeEmpty) throw new AuthdeskError('invalid_request', `The ${slot.label} cannot be empty.`);
        else {
          secrets[slot.slot] = await this.vault.saveToKeychain(id, slot.slot, value);
          this.redactors.learn([value]);
        }
      }
    } catch (e) {
      await Promise.allSettled(Object.values(secrets).map((s) => this.vault.remove(s.ref)));
      throw e;
    }
    const createdAt = this.clock();
    const profile: Profile = {
      version: 1,
      id,
      name: input.name,
      clientType: input.clientType,
      createdAt: new Date(createdAt).toISOString(),
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      ...(input.trustRedirectsTo?.length ? { trustRedirectsTo: input.trustRedirectsTo } : {}),
      ...(input.verify ? { verify: input.verify } : {}),
      auth: input.auth,
      secrets,
    };
    await this.profiles.save(profile);
    this.event(id, 'profile.created', null, createdAt);
    this.event(id, 'secret.saved', null, createdAt);
    return this.view(profile);
  }

  /**
   * Rotates secrets: each given slot is overwritten in the keychain in one write (the old value is gone), the
   * fingerprint updated, and a `secret.rotated` event recorded. Later requests use the new value.
   * @throws AuthdeskError `invalid_request` for an unknown or empty slot, `keychain_unavailable`
   */
  async replaceSecrets(idOrName: string, values: Record<string, string>): Promise<ProfileView> {
    const profile = await this.profiles.find(idOrName);
    const slots = secretSlots(profile.auth);
    for (const [slot, value] of Object.entries(values)) {
      const def = slots.find((s) => s.slot === slot);
      if (!def) throw new AuthdeskError('invalid_request', `Profile "${profile.name}" has no secret "${slot}".`);
      if (value === '' && !def.mayBeEmpty) throw new AuthdeskError('invalid_request', `The ${def.label} cannot be empty.`);
    }
    for (const [slot, value] of Object.entries(values)) {
      profile.secrets[slot] = await this.vault.saveToKeychain(profile.id, slot, value);
      this.redactors.learn([value]);
    }
    await this.profiles.save(profile);
    this.event(profile.id, 'secret.rotated');
    return this.view(profile);
  }

  /**
   * Changes a profile's non-secret settings. The scheme may change only if it keeps the same secret slots (new
   * slots need new secrets: create a new profile). Tokens are dropped when the auth settings change.
   * @throws AuthdeskError `not_found`, `conflict` (name taken), `invalid_request`
   */
  async updateProfile(idOrName: string, patch: ProfilePatch): Promise<ProfileView> {
    const profile = await this.profiles.find(idOrName);
    if (patch.name !== undefined && patch.name !== profile.name) {
      const { profiles } = await this.profiles.list();
      if (profiles.some((p) => p.name === patch.name)) throw new AuthdeskError('conflict', `A profile named "${patch.name}" already exists.`);
      profile.name = patch.name;
    }
    if (patch.auth) {
      const slots = (a: AuthConfig) => secretSlots(a).map((s) => s.slot).join(',');
      if (slots(patch.auth) !== slots(profile.auth)) {
        throw new AuthdeskError('invalid_request', 'This change needs different secrets. Create a new profile for the new scheme, then remove this one.');
      }
      profile.auth = patch.auth;
      await this.auth.tokens.drop(profile.id);
    }
    if (patch.clientType) profile.clientType = patch.clientType;
    if (patch.baseUrl !== undefined) profile.baseUrl = patch.baseUrl ?? undefined;
    if (patch.trustRedirectsTo !== undefined) profile.trustRedirectsTo = patch.trustRedirectsTo.length ? patch.trustRedirectsTo : undefined;
    if (patch.verify !== undefined) profile.verify = patch.verify ?? undefined;
    await this.profiles.save(JSON.parse(JSON.stringify(profile)) as Profile);
    return this.view(profile);
  }

  /**
   * Sends the profile's verify request ("Test credentials"): the verify target resolved against the base URL.
   * A 2xx records `profile.verified` (the badge shows when). Returns the send's reply.
   * @throws AuthdeskError `invalid_request` when the profile has no verify request (or no base URL for a path)
   */
  async verifyProfile(idOrName: string, flowHost?: FlowHost): Promise<SendReply> {
    const profile = await this.profiles.find(idOrName);
    if (!profile.verify) throw new AuthdeskError('invalid_request', `Profile "${profile.name}" has no verify request. Add one (for example GET /user) to test its credentials.`);
    let url: string;
    try {
      url = new URL(profile.verify.target, profile.baseUrl).toString();
    } catch {
      throw new AuthdeskError('invalid_request', `The verify target "${profile.verify.target}" is a path, but the profile has no base URL.`);
    }
    const reply = await this.send({ profileId: profile.id, method: profile.verify.method, url }, flowHost);
    if (reply.entry.ok) this.event(profile.id, 'profile.verified');
    return reply;
  }

  private lastVerified(profileId: string): string | null {
    const at = this.history.lastEventAt(profileId, 'profile.verified');
    return at === null ? null : new Date(at).toISOString();
  }

  /** Removes a profile and its keychain entries (history stays, redacted, as the audit trail). */
  async removeProfile(idOrName: string): Promise<{ removed: boolean; secretsDeleted: number }> {
    const profile = await this.profiles.find(idOrName);
    const results = await Promise.all(Object.values(profile.secrets).map((s) => this.vault.remove(s.ref)));
    await this.auth.tokens.drop(profile.id);
    await this.profiles.remove(profile.id);
    this.event(profile.id, 'profile.removed');
    return { removed: true, secretsDeleted: results.filter(Boolean).length };
  }

  /**
   * Sends a test request with a profile's auth and records it (redacted) in history. HTTP error statuses and
   * transport failures are recorded and returned, not thrown.
   * @throws AuthdeskError `invalid_request` (bad payload, or a URL outside the profile's base URL origin),
   *   `not_found`, `secret_missing`, `keychain_unavailable`
   */
  async send(request: SendRequest, flowHost?: FlowHost): Promise<SendReply> {
    const parsed = sendRequestSchema.safeParse(request);
    if (!parsed.success) throw new AuthdeskError('invalid_request', `Invalid request: ${parsed.error.issues[0]?.message ?? ''}`);
    const req = parsed.data;
    const profile = req.profileId ? await this.profiles.find(req.profileId) : null;
    if (profile?.baseUrl && new URL(profile.baseUrl).origin !== new URL(req.url).origin) {
      throw new AuthdeskError(
        'invalid_request',
        `Profile "${profile.name}" is bound to ${new URL(profile.baseUrl).origin}; Authdesk will not send its credentials to ${new URL(req.url).origin}.`,
      );
    }
    let auth: ResolvedAuth | null = null;
    if (profile) {
      try {
        auth = await this.withFlow(profile.id, flowHost, (deps) => this.auth.resolve(profile, deps));
      } catch (e) {
        this.event(profile.id, 'request.failed', e instanceof AuthdeskError && e.code !== 'secret_missing' ? 'auth_flow' : 'secret_missing');
        throw e;
      }
      this.event(profile.id, 'request.sent');
    }
    const controller = new AbortController();
    if (req.requestId) this.inFlight.set(req.requestId, controller);
    const startedAt = new Date(this.clock()).toISOString();
    let exchange;
    try {
      exchange = await this.sender.send(
        { method: req.method, url: req.url, headers: req.headers, body: req.body },
        { auth: auth?.applied ?? null, timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: controller.signal, trustedOrigins: profile?.trustRedirectsTo },
      );
    } finally {
      if (req.requestId) this.inFlight.delete(req.requestId);
    }
    const ok = exchange.status !== null && exchange.status >= 200 && exchange.status < 300 && exchange.error === null;
    const redactor = this.redactors.for(auth?.applied ?? null);
    const entry: Omit<HistoryEntry, 'id'> = redactEntry(redactor, {
      startedAt,
      profileId: profile?.id ?? null,
      profileName: profile?.name ?? null,
      clientType: profile?.clientType ?? null,
      scheme: profile?.auth.scheme ?? null,
      identity: profile ? identityOf(profile) : null,
      fingerprints: auth?.fingerprints ?? [],
      method: req.method,
      url: exchange.finalUrl,
      status: exchange.status,
      statusText: exchange.statusText,
      ok,
      failure: ok ? null : (exchange.failure ?? 'client_error'),
      error: exchange.error,
      timings: exchange.timings,
      redirects: exchange.redirects,
      requestHeaders: exchange.requestHeaders,
      requestBodyPreview: req.body === undefined ? null : req.body.slice(0, 64 * 1024),
      responseHeaders: exchange.responseHeaders,
      responseBodyPreview: exchange.bodyPreview,
      responseBytes: exchange.responseBytes,
      responseTruncated: exchange.truncated,
      authSteps: exchange.steps,
      explanation: ok
        ? null
        : explainFailure({
            status: exchange.status,
            failure: exchange.failure,
            error: exchange.error,
            responseHeaders: exchange.responseHeaders,
            responseBodyPreview: exchange.bodyPreview,
            redirects: exchange.redirects,
            scheme: profile?.auth.scheme ?? null,
            tokenPrefix: profile?.auth.scheme === 'bearer' ? profile.auth.prefix : profile?.auth.scheme === 'oauth2' ? profile.auth.tokenPrefix : null,
            sentAt: startedAt,
            accessToken: auth?.accessToken ?? null,
          }),
    });
    let firstSuccess: SendReply['firstSuccess'] = null;
    if (profile) {
      const hadSuccess = this.history.hasEvent(profile.id, 'request.succeeded');
      const at = this.event(profile.id, ok ? 'request.succeeded' : 'request.failed', ok ? null : entry.failure);
      if (ok && !hadSuccess) firstSuccess = { ttfscMs: Math.max(0, at - Date.parse(profile.createdAt)) };
    }
    const id = this.history.insert(entry);
    return { entry: { ...entry, id }, firstSuccess };
  }

  /**
   * Obtains (or reuses) an OAuth access token for a profile, running its grant — interactive grants only when
   * `interactive` is given (the browser or device flow). Records `token.obtained`.
   * @throws AuthdeskError `login_required`, `auth_failed`, `invalid_request` (not an OAuth profile)
   */
  async token(idOrName: string, flowHost?: FlowHost): Promise<TokenInfo> {
    const profile = await this.profiles.find(idOrName);
    const got = await this.withFlow(profile.id, flowHost, (deps) => this.auth.token(profile, deps));
    if (got.source !== 'cache') this.event(profile.id, 'token.obtained');
    return tokenInfo(got);
  }

  /** Runs `fn` with interactive-flow dependencies built from `host` (none: non-interactive), cancellable per profile. */
  private async withFlow<T>(profileId: string, host: FlowHost | undefined, fn: (deps?: InteractiveDeps) => Promise<T>): Promise<T> {
    if (!host) return fn(undefined);
    this.flows.get(profileId)?.abort();
    const controller = new AbortController();
    this.flows.set(profileId, controller);
    try {
      return await fn({
        openBrowser: host.openBrowser,
        onProgress: host.onProgress,
        learn: (values) => this.redactors.learn(values),
        now: this.clock,
        signal: controller.signal,
        timeoutMs: FLOW_TIMEOUT_MS,
      });
    } finally {
      if (this.flows.get(profileId) === controller) this.flows.delete(profileId);
    }
  }

  /** Cancels a profile's sign-in in progress (browser or device flow). */
  cancelFlow(idOrName: string): boolean {
    const c = this.flows.get(idOrName);
    c?.abort();
    return c !== undefined;
  }

  /**
   * Revokes an OAuth profile's tokens (RFC 7009) and drops every local copy whatever the server answers.
   * Returns one sentence per token.
   */
  async revoke(idOrName: string): Promise<string[]> {
    const profile = await this.profiles.find(idOrName);
    return this.auth.tokens.revoke(await this.auth.oauthProfile(profile));
  }

  /** Endpoints from an issuer's RFC 8414 / OpenID Connect metadata (issuer checked, RFC 8414 §3.3). */
  discover(issuer: string): Promise<DiscoveredMetadata> {
    return discover(issuer);
  }

  /** Cancels an in-flight request by the id the caller gave it. */
  cancel(requestId: string): boolean {
    const c = this.inFlight.get(requestId);
    c?.abort();
    return c !== undefined;
  }

  /** History rows, newest first. */
  listHistory(opts: { profileId?: string; limit?: number; beforeId?: number } = {}): HistorySummary[] {
    return this.history.list({ limit: 100, ...opts });
  }

  /** One history entry. @throws AuthdeskError `not_found` */
  getHistory(id: number): HistoryEntry {
    const entry = this.history.get(id);
    if (!entry) throw new AuthdeskError('not_found', `No history entry ${id}.`);
    return entry;
  }

  /** TTFSC funnel and latency per profile and for the workspace. */
  async metrics(): Promise<WorkspaceMetrics> {
    const { profiles } = await this.profiles.list();
    const events = this.history.events();
    return workspaceMetrics(profiles.map((p) => profileMetrics(p, events, this.history.latencySamples(p.id), this.rateLimitOf(p.id))));
  }

  /** The rate limit reported on a profile's latest answered request, when the API sent any rate-limit header. */
  private rateLimitOf(profileId: string): RateLimitInfo | null {
    const [latest] = this.history.list({ profileId, limit: 1 });
    if (!latest || latest.status === null) return null;
    const headers = this.getHistory(latest.id).responseHeaders;
    const info = rateLimitInfo(headers, serverDateOf(headers));
    return Object.values(info).some((v) => v !== null) ? info : null;
  }

  /**
   * Exports history (all, or one profile's) as HAR 1.2 or a JSONL access log, streamed to `out`.
   * @throws AuthdeskError `not_found` for an unknown profile; the fs error when `out` cannot be written
   */
  async exportLog(opts: { format: ExportFormat; out: string; profile?: string; onProgress?: (written: number, total: number) => void }): Promise<ExportReply> {
    const profileId = opts.profile ? (await this.profiles.find(opts.profile)).id : undefined;
    const result = await exportHistory({
      format: opts.format,
      out: opts.out,
      entries: this.history.iterate(profileId),
      total: this.history.count(profileId),
      redactor: this.redactors.for(null),
      version: APP_VERSION,
      onProgress: opts.onProgress,
    });
    return { path: opts.out, entries: result.entries, bytes: result.bytes, cancelled: false };
  }

  /** Starts the built-in sandbox API once (127.0.0.1, ephemeral port unless `port` is given). */
  async startSandbox(port = 0): Promise<SandboxInfo> {
    this.sandbox ??= startSandbox(port).catch((e) => {
      this.sandbox = null;
      throw new AuthdeskError('failed', `The sandbox could not start on port ${port}: ${(e as NodeJS.ErrnoException).code ?? e}.`);
    });
    return (await this.sandbox).info;
  }
}
