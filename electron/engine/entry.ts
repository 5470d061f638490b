import { explainFailure } from '../../shared/explain';
import { identityOf, type Profile } from '../../shared/profile';
import type { HistoryEntry, SendRequestParsed } from '../../shared/request';
import type { ResolvedAuth } from './auth-resolver';
import type { Exchange } from './sender';

/** Bytes of a request body kept in history. */
const REQUEST_PREVIEW_CHARS = 64 * 1024;

/**
 * Builds the history entry of one send (not yet redacted: the engine redacts it before anything is stored or
 * returned): who (profile, client type, identity, key fingerprints), what was sent and received, timings, auth
 * steps, and for a failure the plain-words explanation (shared/explain.ts).
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
    requestBodyPreview: req.body === undefined ? null : req.body.slice(0, REQUEST_PREVIEW_CHARS),
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
          sentAt: startedAt,
          accessToken: auth?.accessToken ?? null,
        }),
  };
}
