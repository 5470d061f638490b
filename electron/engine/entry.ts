import { explainFailure } from '../../shared/explain';
import { identityOf, type Profile } from '../../shared/profile';
import type { HistoryEntry, SendRequestParsed } from '../../shared/request';
import type { ResolvedAuth } from './auth-resolver';
import type { Exchange } from './sender';

/** Characters of a request or response body kept in history. */
const PREVIEW_CHARS = 64 * 1024;
/**
 * Characters read beyond {@link PREVIEW_CHARS} before redaction: a secret that the preview's end cuts in two is still
 * whole when it is masked, and only then is the preview cut (a secret form up to this long never leaves its head).
 */
const PREVIEW_SLACK = 16 * 1024;
/** Bytes of a response body the sender keeps for the preview (read with the slack, cut after redaction). */
export const RESPONSE_PREVIEW_READ_BYTES = PREVIEW_CHARS + PREVIEW_SLACK;

/**
 * Builds the history entry of one send (not yet redacted: the engine redacts it, then cuts its previews with
 * {@link cutPreviews}, before anything is stored or returned): who (profile, client type, identity, key
 * fingerprints), what was sent and received, timings, auth steps, and for a failure the plain-words explanation
 * (shared/explain.ts).
 */
export function toEntry(x: {
  profile: Profile | null;
  auth: ResolvedAuth | null;
  request: SendRequestParsed;
  exchange: Exchange;
  startedAt: string;
  ok: boolean;
}): Omit<HistoryEntry, 'id'> {
  const { profile, auth, request: req, exchange, startedAt, ok } = x;
  const tokenPrefix = profile?.auth.scheme === 'bearer' ? profile.auth.prefix : profile?.auth.scheme === 'oauth2' ? profile.auth.tokenPrefix : null;
  return {
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
    requestBodyPreview: req.body === undefined ? null : req.body.slice(0, PREVIEW_CHARS + PREVIEW_SLACK),
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
          tokenPrefix,
          grant: profile?.auth.scheme === 'oauth2' ? profile.auth.grant : null,
          sentAt: startedAt,
          accessToken: auth?.accessToken ?? null,
        }),
  };
}

/**
 * A redacted entry with its body previews cut to {@link PREVIEW_CHARS} (the response marked truncated when cut).
 * Cutting after redaction is what keeps the head of a secret that straddles the cut out of history.
 */
export function cutPreviews(e: Omit<HistoryEntry, 'id'>): Omit<HistoryEntry, 'id'> {
  const req = e.requestBodyPreview;
  const res = e.responseBodyPreview;
  if ((req === null || req.length <= PREVIEW_CHARS) && (res === null || res.length <= PREVIEW_CHARS)) return e;
  return {
    ...e,
    requestBodyPreview: req === null ? null : req.slice(0, PREVIEW_CHARS),
    responseBodyPreview: res === null ? null : res.slice(0, PREVIEW_CHARS),
    responseTruncated: e.responseTruncated || (res !== null && res.length > PREVIEW_CHARS),
  };
}
