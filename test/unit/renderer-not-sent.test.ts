import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { explainFailure } from '../../shared/explain';
import type { FailureReason, HistoryEntry } from '../../shared/request';
import { authStageFailed } from '../../renderer/src/lib/format';
import { notSentExplanation, profileFixLabel, retrySeedOf } from '../../renderer/src/lib/not-sent';
import { ResponseView } from '../../renderer/src/components/ResponseView';

const MESSAGE = 'invalid_client: Unknown client or wrong client_secret. (HTTP 401). The server did not accept the client credentials.';

/** A history entry as the engine records a send whose auth stage failed (electron/engine/auth-failure.ts). */
function notSent(failure: FailureReason = 'auth_flow', error: string | null = MESSAGE): HistoryEntry {
  const base = { status: null, failure, error, responseHeaders: [], responseBodyPreview: null, scheme: 'oauth2', redirects: [] };
  return {
    ...base,
    id: 7,
    startedAt: '2025-11-30T10:00:00.000Z',
    profileId: 'p1',
    profileName: 'Sandbox',
    clientType: 'confidential',
    identity: 'sandbox-service',
    fingerprints: ['86ba39bb'],
    method: 'GET',
    url: 'http://127.0.0.1:8080/bearer',
    statusText: null,
    ok: false,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 },
    requestHeaders: [],
    requestBodyPreview: null,
    responseBytes: 0,
    responseTruncated: false,
    authSteps: [],
    explanation: explainFailure(base),
  };
}

const profile = (auth: Partial<ProfileView['auth']>): ProfileView => ({ id: 'p1', name: 'Sandbox', auth }) as unknown as ProfileView;
const count = (text: string, part: string) => text.split(part).length - 1;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('History: a request that was not sent', () => {
  it('is one statement: not sent and why, with the message once and the advice once', () => {
    const entry = notSent();
    const e = notSentExplanation(entry);
    expect(e.title).toBe('Not sent: getting a token failed');
    expect(e.detail).toBe(MESSAGE);
    expect(e.tryThis).toEqual(entry.explanation?.tryThis);
    expect(notSentExplanation(notSent('secret_missing', 'No value for client_secret.')).title).toBe('Not sent: a secret of the profile is missing');
  });

  it('a sign-in the user cancelled: "Not sent: cancelled", the message, and nothing to fix; a request cancelled after it went out is no such entry', () => {
    const entry = notSent('cancelled', 'The sign-in was cancelled.');
    expect(authStageFailed(entry)).toBe(true);
    expect(notSentExplanation(entry)).toMatchObject({ title: 'Not sent: cancelled', detail: 'The sign-in was cancelled.', tryThis: [] });
    const html = textOf(renderToStaticMarkup(createElement(ResponseView, { entry })));
    expect(html).toContain('not sent');
    expect(html).not.toContain('token endpoint');
    // Cancelled 12 ms into the request: it went out, so it is a request like any other.
    expect(authStageFailed({ ...entry, timings: { ...entry.timings, totalMs: 12 } })).toBe(false);
    expect(authStageFailed({ status: null, failure: 'cancelled', totalMs: 0 })).toBe(true);
    expect(authStageFailed({ status: null, failure: 'network', totalMs: 0 })).toBe(false);
  });

  it('keeps an explanation detail that says more than the message, and copes without either', () => {
    const entry = { ...notSent(), explanation: { title: 'OAuth refused', detail: 'The token endpoint wants client_secret_post.', tryThis: [], rule: null, facts: {} } };
    expect(notSentExplanation(entry)).toMatchObject({ title: 'Not sent: OAuth refused', detail: `${MESSAGE} The token endpoint wants client_secret_post.` });
    expect(notSentExplanation({ failure: 'secret_missing', error: null, explanation: null })).toMatchObject({ title: 'Not sent: secret missing', detail: 'Getting the credentials failed.' });
  });

  it('renders the message once, and no timings, response, curl or request as sent', () => {
    const html = renderToStaticMarkup(createElement(ResponseView, { entry: notSent() }));
    const text = textOf(html);
    expect(count(text, 'did not accept the client credentials')).toBe(1);
    expect(count(text, 'Run the sign-in again')).toBe(1);
    expect(html).toContain('aria-label="Request not sent"');
    expect(text).toContain('GET http://127.0.0.1:8080/bearer');
    expect(text).toMatch(/not sent · Sandbox · as sandbox-service · key 86ba39bb/);
    expect(text).toContain('None completed before the failure.');
    for (const absent of ['Timings', 'Response headers', 'Request as sent', 'Copy as curl', '0 ms', '0 B']) expect(text).not.toContain(absent);
  });

  it('a sent failure keeps its timings, headers and request as sent', () => {
    const sent = { ...notSent('invalid_credentials', null), status: 401, statusText: 'Unauthorized', explanation: null };
    const text = textOf(renderToStaticMarkup(createElement(ResponseView, { entry: sent })));
    for (const present of ['Timings', 'Response headers', 'Request as sent']) expect(text).toContain(present);
  });

  it('names the fix on the profile, and tries again with the same profile, method and URL', () => {
    const cc = profile({ scheme: 'oauth2', grant: 'client_credentials' } as Partial<ProfileView['auth']>);
    expect(profileFixLabel(notSent(), cc)).toBe('Open profile to check it');
    expect(profileFixLabel(notSent(), profile({ scheme: 'oauth2', grant: 'authorization_code' } as Partial<ProfileView['auth']>))).toBe('Open profile to sign in');
    expect(profileFixLabel(notSent('secret_missing'), profile({ scheme: 'basic' }))).toBe('Open profile to save the secret');
    expect(retrySeedOf(notSent(), cc)).toEqual({ profileId: 'p1', method: 'GET', url: 'http://127.0.0.1:8080/bearer' });
    expect(retrySeedOf({ method: 'BREW', url: 'http://x/' }, cc)).toEqual({ profileId: 'p1', url: 'http://x/' });
  });
});
