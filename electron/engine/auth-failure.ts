import { secretSlots, type Profile } from '../../shared/profile';
import type { HistoryEntry } from '../../shared/request';
import { cutPreviews, toEntry } from './entry';
import { isAuthdeskError } from './errors';
import type { HistoryStore } from './history-store';
import { redactEntry, type RedactorCache } from './redaction';
import type { Exchange } from './sender';
import type { ValidRequest } from './valid-request';

/**
 * A send whose auth stage failed (no request went out): how it is classed and recorded. The engine, the onboarding
 * funnel (metrics) and `authdesk send --json` share {@link authFailureOf}, so all three name such a failure alike.
 */

/** The failure class of an auth-stage error, as metrics counts it: a secret that is not there, a sign-in the user cancelled, or anything else. */
export type AuthStageFailure = 'secret_missing' | 'cancelled' | 'auth_flow';

/**
 * `secret_missing` for an AuthdeskError of that code (an unset variable, a keychain entry gone); `cancelled` for a
 * sign-in the user cancelled (errors.ts signInCancelled: as a cancelled request, nothing to fix); `auth_flow` for any
 * other error of the auth stage (the token endpoint refused or did not answer, a sign-in is needed or was denied,
 * the keychain is unavailable).
 */
export function authFailureOf(e: unknown): AuthStageFailure {
  if (!isAuthdeskError(e)) return 'auth_flow';
  return e.code === 'secret_missing' ? 'secret_missing' : e.cancelled ? 'cancelled' : 'auth_flow';
}

/** No phase happened: nothing was sent. */
const NOT_SENT: Exchange['timings'] = { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 };

/**
 * The history entry of a request that was not sent because its auth stage failed, redacted like every entry
 * (redactEntry with a redactor from `redactors`, which knows every secret read so far) and not yet stored: the
 * intended method and URL, `status` null, `ok` false, `failure` from {@link authFailureOf}, `error` the error's message
 * (the engine's errors are redacted already; this is a second pass), the explanation (shared/explain.ts `preflight`),
 * the fingerprints of the secret values the attempt was made with (`fingerprints`: AuthResolver.fingerprintsOf; by
 * default those the profile file names), and no request
 * headers or body (none went out), no response, no auth steps (a failed token request returns none), timings all null
 * but `totalMs` 0.
 * @param startedAt ISO time the send began
 */
export function authFailureEntry(x: { profile: Profile; request: ValidRequest; error: unknown; startedAt: string; redactors: RedactorCache; fingerprints?: string[] }): Omit<HistoryEntry, 'id'> {
  const { profile } = x;
  const exchange: Exchange = {
    finalUrl: x.request.url,
    status: null,
    statusText: null,
    failure: authFailureOf(x.error),
    error: x.error instanceof Error ? x.error.message : String(x.error),
    timings: NOT_SENT,
    requestHeaders: [],
    responseHeaders: [],
    bodyPreview: null,
    responseBytes: 0,
    truncated: false,
    redirects: [],
    steps: [],
    derivedSecrets: [],
  };
  // Built by toEntry, so the entry has the members, order and explanation of every other entry (exports read a stored
  // entry by its layout: shared/json-layout.ts).
  const built = toEntry({ profile, auth: null, request: { ...x.request, body: undefined }, exchange, startedAt: x.startedAt, ok: false });
  const fingerprints = x.fingerprints ?? secretSlots(profile.auth).flatMap((s) => profile.secrets[s.slot]?.fingerprint ?? []);
  return cutPreviews(redactEntry(x.redactors.for(null), { ...built, fingerprints }));
}

/**
 * Records a send whose auth stage failed: its entry ({@link authFailureEntry}) and, before the profile's first success
 * (`onboarding`), its `request.failed` onboarding event at `failedAt` (ms since the epoch), both in one unit
 * (HistoryStore.atomically): both land or neither. Never throws, so the caller can throw the auth error it has
 * unchanged: when the entry cannot be built the event is still written; when history cannot be written (locked by
 * another process, a full disk, closed) nothing is recorded.
 * @returns the entry's history id, or null when no entry was recorded
 */
export function recordAuthFailure(x: {
  history: HistoryStore;
  redactors: RedactorCache;
  profile: Profile;
  request: ValidRequest;
  error: unknown;
  /** ISO time the send began. */
  startedAt: string;
  failedAt: number;
  onboarding: boolean;
  /** The fingerprints of the values the attempt was made with (default: those the profile file names). */
  fingerprints?: string[];
}): number | null {
  let entry: Omit<HistoryEntry, 'id'> | null = null;
  try {
    entry = authFailureEntry(x);
  } catch {
    // A redactor that cannot be built (a bug) must not hide the auth error: the event is still recorded below.
  }
  const write = () => {
    if (x.onboarding) x.history.addEvent({ at: x.failedAt, profileId: x.profile.id, type: 'request.failed', reason: authFailureOf(x.error) });
    return entry === null ? null : x.history.insert(entry);
  };
  try {
    return x.onboarding ? x.history.atomically(write) : write();
  } catch {
    return null; // history could not record it; the caller's auth error is what matters
  }
}
