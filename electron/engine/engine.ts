import type { ExportReply, KeychainStatus, ProfileView, SandboxInfo, SendReply } from '../../shared/contract';
import { apiBaseMismatch } from '../../shared/api-base';
import type { FlowStep, TokenInfo } from '../../shared/oauth';
import { profileMetrics, workspaceMetrics, type OnboardingEvent, type WorkspaceMetrics } from '../../shared/metrics';
import { withProfileHeaders } from '../../shared/profile-headers';
import { DEFAULT_TIMEOUT_MS, type HistoryEntry, type HistorySummary, type SendRequest } from '../../shared/request';
import { recordAuthFailure } from './auth-failure';
import { AuthResolver, tokenInfo, type ResolvedAuth } from './auth-resolver';
import { AuthdeskError, writingEntry } from './errors';
import type { InteractiveDeps } from './oauth/authorization-code';
import type { DiscoveredMetadata } from './oauth/discovery';
import { exportHistory, exportTarget, type ExportFormat } from './export';
import { stopBeforeExit } from './exit-guard';
import { HistoryStore } from './history-store';
import { InFlightSends } from './in-flight';
import { KeytarStore, probeKeychain, SessionMemoryStore, type SecretStore } from './keychain';
import { makeDirSync } from './make-dir';
import { dataPaths } from './paths';
import { ProfileService, type CreateProfileInput, type ProfilePatch } from './profile-service';
import { ProfileStore, type ProfileProblem } from './profile-store';
import { cutPreviews, RESPONSE_PREVIEW_READ_BYTES, toEntry } from './entry';
import { RedactorCache, redactEntry } from './redaction';
import { startSandbox, type Sandbox } from './sandbox';
import { Sender } from './sender';
import { readExtraCaCerts } from './tls-client';
import { checkBoundOrigin, targetUrl, validRequest, type ValidRequest } from './valid-request';
import { Vault } from './vault';

export const APP_VERSION = '0.1.0';
export type { CreateProfileInput, ProfilePatch } from './profile-service';
export type { ValidRequest } from './valid-request';

export interface EngineOptions {
  /** The data directory (see `defaultHome`). */
  home: string;
  /** The OS keychain by default; tests pass the same real keychain, never a fake. */
  secretStore?: SecretStore;
  /** ms since the epoch; injected by tests that check TTFSC with known timings. */
  clock?: () => number;
  env?: NodeJS.ProcessEnv;
}

/** How long a browser or device sign-in may take before it is abandoned. */
const FLOW_TIMEOUT_MS = 5 * 60_000;
/** ms {@link Engine.close} waits for cancelled sends to record their entries. */
const CLOSE_WAIT_MS = 5_000;

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
  private readonly inFlight = new InFlightSends();
  private readonly flows = new Map<string, AbortController>();
  /** Profiles known to have had a 2xx (only grows: a first success happens once). */
  private readonly succeeded = new Set<string>();
  private readonly redactors = new RedactorCache();
  private readonly auth: AuthResolver;
  private readonly profileService: ProfileService;
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
    this.auth = new AuthResolver(vault, this.redactors, clock, this.inFlight.closed, (id) => profiles.lockFileOf(id));
    this.profileService = new ProfileService(profiles, history, vault, this.redactors, this.auth.tokens, clock);
  }

  /** Opens (creating if needed) the data directory at `opts.home`. */
  static async open(opts: EngineOptions): Promise<Engine> {
    makeDirSync(opts.home, 0o700);
    const paths = dataPaths(opts.home);
    const clock = opts.clock ?? Date.now;
    const store = opts.secretStore ?? new KeytarStore();
    const env = opts.env ?? process.env;
    return new Engine(
      opts.home,
      new ProfileStore(paths.profiles),
      new HistoryStore(paths.history),
      new Vault(store, env, clock),
      store,
      new Sender({ extraCaCerts: await readExtraCaCerts(env) }),
      clock,
    );
  }

  /**
   * Refuses new sends and sandbox starts, cancels the sends in flight (each still gets its reply and entry, as cancelled;
   * waits {@link CLOSE_WAIT_MS} ms at most), stops the sandbox and export workers (./exit-guard.ts), closes sockets and history.
   */
  async close(): Promise<void> {
    this.inFlight.close();
    for (const c of this.flows.values()) c.abort();
    if (this.sandbox) await (await this.sandbox).close();
    this.sender.close();
    await Promise.all([this.inFlight.settled(CLOSE_WAIT_MS), stopBeforeExit(CLOSE_WAIT_MS)]);
    this.history.close();
    this.profiles.close();
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
      this.auth.forgetCachedSecrets();
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
    const deleted = await this.vault.forgetAll();
    this.auth.forgetCachedSecrets();
    for (const p of profiles) await this.profileService.forgetKeychainSlots(p);
    return { deleted };
  }

  /** Records an onboarding event at `at` (ms, default now) and returns that time. */
  private event(profileId: string, type: OnboardingEvent['type'], reason?: OnboardingEvent['reason'], at = this.clock()): number {
    this.history.addEvent({ at, profileId, type, reason: reason ?? null });
    return at;
  }

  /** Whether a profile has had a 2xx (remembered once seen; a first success happens once). */
  private hasSucceeded(profileId: string): boolean {
    if (!this.succeeded.has(profileId) && this.history.hasEvent(profileId, 'request.succeeded')) this.succeeded.add(profileId);
    return this.succeeded.has(profileId);
  }

  /** All profiles as the UI and the CLI show them, plus files that could not be read. */
  listProfiles(): Promise<{ profiles: ProfileView[]; problems: ProfileProblem[] }> {
    return this.profileService.list();
  }

  /** One profile by id or name. @throws AuthdeskError `not_found` */
  getProfile(idOrName: string): Promise<ProfileView> {
    return this.profileService.get(idOrName);
  }

  /** See {@link ProfileService.create}. */
  createProfile(input: CreateProfileInput): Promise<ProfileView> {
    return this.profileService.create(input);
  }

  /** See {@link ProfileService.replaceSecrets}. */
  async replaceSecrets(idOrName: string, values: Record<string, string>): Promise<ProfileView> {
    const view = await this.profileService.replaceSecrets(idOrName, values);
    this.auth.forgetCachedSecrets();
    return view;
  }

  /** See {@link ProfileService.update}. */
  updateProfile(idOrName: string, patch: ProfilePatch): Promise<ProfileView> {
    return this.profileService.update(idOrName, patch);
  }

  /** See {@link ProfileService.remove}. */
  async removeProfile(idOrName: string): Promise<{ removed: boolean; secretsDeleted: number }> {
    const result = await this.profileService.remove(idOrName);
    this.auth.forgetCachedSecrets();
    return result;
  }

  /**
   * Sends the profile's verify request ("Test credentials"): the verify target joined to the base URL (see targetUrl).
   * A 2xx records `profile.verified` (the badge shows when). Returns the send's reply.
   * @throws AuthdeskError `invalid_request` when the profile has no verify request (or no base URL for a path)
   */
  async verifyProfile(idOrName: string, flowHost?: FlowHost): Promise<SendReply> {
    const profile = await this.profiles.find(idOrName);
    if (!profile.verify) throw new AuthdeskError('invalid_request', `Profile "${profile.name}" has no verify request. Add one (for example GET /user) to test its credentials.`);
    const reply = await this.send({ profileId: profile.id, method: profile.verify.method, url: targetUrl(profile, profile.verify.target) }, flowHost);
    if (reply.entry.ok) this.event(profile.id, 'profile.verified');
    return reply;
  }

  /**
   * Validates a request once, for sending it many times (`authdesk send --repeat`): the result is frozen and
   * {@link send} takes it without parsing it again.
   * @throws AuthdeskError `invalid_request` naming the first problem
   */
  validateRequest(request: SendRequest): ValidRequest {
    return validRequest(request);
  }

  /**
   * Sends a test request with a profile's auth and headers (the request's own headers win) and records it (redacted)
   * in history. HTTP error statuses and transport failures are recorded and returned; a failed auth stage (nothing
   * sent) is recorded, then thrown (./auth-failure.ts). `request` is validated unless {@link validateRequest} made it.
   * @throws AuthdeskError `invalid_request` (bad payload, or a URL outside the profile's base URL origin), `not_found`,
   *   `secret_missing`, `keychain_unavailable`, `auth_failed`, `login_required`, `failed` (closing; history unwritable; profile file unreadable or gone)
   */
  async send(request: SendRequest | ValidRequest, flowHost?: FlowHost): Promise<SendReply> {
    const req = validRequest(request);
    // A Cancel while the profile is read or its auth resolved is not lost, and nothing goes out (the sender checks the signal).
    return this.inFlight.run(req.requestId, (signal) => this.sendValid(req, signal, flowHost));
  }

  private async sendValid(req: ValidRequest, signal: AbortSignal | undefined, flowHost?: FlowHost): Promise<SendReply> {
    const profile = req.profileId ? await this.profiles.find(req.profileId, 'watched') : null;
    if (profile) checkBoundOrigin(profile, req.url, req.headers);
    // A first Basic, API key or bearer send goes out while the keychain is listed for redaction (see startListing).
    const listing = profile ? this.auth.startListing(profile) : null;
    listing?.catch(() => undefined); // awaited below, before anything is redacted
    // Onboarding events (the TTFSC funnel) are written until a profile's first success; after it, history has it all.
    const onboarding = profile !== null && !this.hasSucceeded(profile.id);
    let auth: ResolvedAuth | null = null;
    if (profile) {
      const begun = this.clock();
      try {
        auth = await this.withFlow(profile.id, flowHost, (deps) => this.auth.resolve(profile, deps, req.timeoutMs));
      } catch (e) {
        // Nothing went out, but history keeps the attempt (with its onboarding event); the caller gets `e` unchanged.
        await listing?.catch(() => undefined);
        recordAuthFailure({ history: this.history, redactors: this.redactors, profile, request: req, error: e, startedAt: new Date(begun).toISOString(), failedAt: this.clock(), onboarding, fingerprints: this.auth.fingerprintsOf(profile) });
        throw e;
      }
    }
    // Written with the entry: no history write between auth and request (a busy history fails after it: writingEntry).
    const sentAt = this.clock();
    const startedAt = new Date(sentAt).toISOString();
    const sent = { method: req.method, url: req.url, headers: withProfileHeaders(profile?.headers, req.headers), body: req.body };
    const sending = this.sender.send(sent, {
      auth: auth?.applied ?? null, timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal, trustedOrigins: profile?.trustRedirectsTo, previewBytes: RESPONSE_PREVIEW_READ_BYTES,
    });
    // While this request is on the wire (this thread would only wait): a first send's listing comes in and its
    // redactor is built; earlier sends' entries are written.
    const ready = listing?.then(() => this.redactors.for(auth?.applied ?? null));
    ready?.catch(() => undefined);
    this.history.flushSoon();
    const exchange = await sending;
    await ready; // a failed listing: nothing can be redacted for sure, so nothing is kept (keychain_unavailable)
    if (profile && auth) this.auth.refusedToken(profile, exchange.status, exchange.responseHeaders);
    const ok = exchange.status !== null && exchange.status >= 200 && exchange.status < 300 && exchange.error === null;
    this.redactors.learnSend(auth?.applied ?? null, sent, exchange.derivedSecrets);
    const redactor = this.redactors.for(auth?.applied ?? null);
    const entry = cutPreviews(redactEntry(redactor, toEntry({ profile, auth, request: req, exchange, startedAt, ok })));
    let firstSuccess: SendReply['firstSuccess'] = null;
    // After the first success a send writes its entry alone; before it, the onboarding event and the entry are one unit.
    const id = !profile || !onboarding
      ? writingEntry(entry, () => this.history.insert(entry))
      : writingEntry(entry, () => this.history.atomically(() => {
          this.event(profile.id, 'request.sent', undefined, sentAt);
          if (!this.hasSucceeded(profile.id)) {
            const at = this.event(profile.id, ok ? 'request.succeeded' : 'request.failed', ok ? null : entry.failure);
            if (ok) firstSuccess = { ttfscMs: Math.max(0, at - Date.parse(profile.createdAt)) };
          }
          if (ok) this.succeeded.add(profile.id);
          return this.history.insert(entry);
        }));
    return { entry: { ...entry, id }, firstSuccess };
  }

  /**
   * Obtains (or reuses) an OAuth access token for a profile, running its grant — interactive grants only when
   * `flowHost` is given (browser or device flow; `timeoutMs`, default 30 s, bounds the other token requests). Records
   * `token.obtained`. When the token reply names an API host other than the base URL (`instance_url`), a warning says so.
   * @throws AuthdeskError `login_required`, `auth_failed`, `invalid_request` (not an OAuth profile)
   */
  async token(idOrName: string, flowHost?: FlowHost, timeoutMs?: number): Promise<TokenInfo> {
    const profile = await this.profiles.find(idOrName);
    const got = await this.withFlow(profile.id, flowHost, (deps) => this.auth.token(profile, deps, timeoutMs));
    if (got.source !== 'cache') this.event(profile.id, 'token.obtained');
    const info = tokenInfo(got);
    const mismatch = apiBaseMismatch(info.apiBaseUrl, profile.baseUrl);
    return mismatch ? { ...info, warnings: [...info.warnings, mismatch] } : info;
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
   * Returns one sentence per token. @throws AuthdeskError `auth_failed` when a revocation was not confirmed (TokenManager.revoke)
   */
  async revoke(idOrName: string): Promise<string[]> {
    const profile = await this.profiles.find(idOrName);
    return this.auth.tokens.revoke(await this.auth.oauthProfile(profile));
  }

  /** Endpoints from an issuer's RFC 8414 / OpenID Connect metadata (issuer checked, RFC 8414 §3.3). */
  discover(issuer: string): Promise<DiscoveredMetadata> {
    return this.auth.discover(issuer);
  }

  /** Cancels an in-flight request by the id the caller gave it. */
  cancel(requestId: string): boolean {
    return this.inFlight.cancel(requestId);
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
    return workspaceMetrics(profiles.map((p) => profileMetrics(p, events, this.history.latencySamples(p.id), this.history.latestRateLimit(p.id))));
  }

  /**
   * Exports history (all, or one profile's) as HAR 1.2 or a JSONL access log, streamed to `out` (a symlink is
   * written through).
   * @throws AuthdeskError `not_found` for an unknown profile, `invalid_request` when `out` is among Authdesk's own
   *   files in the data folder (see exportTarget) or not a regular file, `failed` naming a damaged stored entry; the fs error when `out` cannot be written
   */
  async exportLog(opts: { format: ExportFormat; out: string; profile?: string; onProgress?: (written: number, total: number) => void }): Promise<ExportReply> {
    const profileId = opts.profile ? (await this.profiles.find(opts.profile)).id : undefined;
    // Re-check against every stored secret; if the keychain is unavailable the entries are still the redacted ones.
    await this.auth.learnStoredSecrets().catch(() => undefined);
    const out = await exportTarget(opts.out, this.home, opts.format);
    // The export reads on its own connections, which see committed entries only.
    this.history.commit();
    const result = await exportHistory({
      format: opts.format,
      out,
      source: { file: this.history.file, profileId },
      span: this.history.span(profileId),
      total: this.history.count(profileId),
      redaction: this.redactors.options(null),
      version: APP_VERSION,
      onProgress: opts.onProgress,
    });
    return { path: opts.out, entries: result.entries, bytes: result.bytes, cancelled: false };
  }

  /** Starts the built-in sandbox API once (127.0.0.1, ephemeral port unless `port` is given). @throws AuthdeskError `failed` */
  async startSandbox(port = 0): Promise<SandboxInfo> {
    if (this.inFlight.closed.aborted) throw new AuthdeskError('failed', 'Authdesk is closing: the sandbox was not started.');
    this.sandbox ??= startSandbox(port).catch((e) => {
      this.sandbox = null;
      throw new AuthdeskError('failed', `The sandbox could not start on port ${port}: ${(e as NodeJS.ErrnoException).code ?? e}.`);
    });
    return (await this.sandbox).info;
  }
}
