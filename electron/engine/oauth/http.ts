import axios from 'axios';
import { performance } from 'node:perf_hooks';
import { AuthdeskError } from '../errors';

/** A reply from an OAuth endpoint: raw text plus what is needed to parse and report it. */
export interface FormReply {
  status: number;
  contentType: string;
  text: string;
  durationMs: number;
  headers: Record<string, string>;
}

const client = axios.create({ maxRedirects: 0, validateStatus: () => true, responseType: 'text', proxy: false, transformResponse: (d) => d });

/** Largest OAuth endpoint reply read (a token response is a few KB; garbage is cut off, not buffered). */
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * POSTs `application/x-www-form-urlencoded` (RFC 6749 §4.1.3, §4.4.2: token requests are form bodies, TRAPS T13)
 * with `Accept: application/json` (TRAPS T8: GitHub answers form-encoded unless asked), no redirects followed.
 * @throws AuthdeskError `auth_failed` naming the endpoint's origin when it cannot be reached or times out.
 */
export function postForm(url: string, params: URLSearchParams, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<FormReply> {
  return post(url, params.toString(), { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers }, timeoutMs, signal);
}

/**
 * POSTs `body` with the given headers (which name its Content-Type) to a token-issuing endpoint, no redirects
 * followed, the reply bounded in size.
 * @throws AuthdeskError `auth_failed` naming the endpoint's origin when it cannot be reached or times out.
 */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<FormReply> {
  const started = performance.now();
  try {
    const res = await client.post<string>(url, body, {
      headers: { 'User-Agent': 'Authdesk/0.1', ...headers },
      timeout: timeoutMs,
      signal,
      maxContentLength: MAX_REPLY_BYTES,
    });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = String(v);
    return { status: res.status, contentType: flat['content-type'] ?? '', text: typeof res.data === 'string' ? res.data : '', durationMs: Math.round(performance.now() - started), headers: flat };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    const origin = new URL(url).origin;
    if (signal?.aborted) throw new AuthdeskError('auth_failed', 'The OAuth flow was cancelled.');
    throw new AuthdeskError('auth_failed', `Could not reach the OAuth endpoint at ${origin} (${code}).`);
  }
}

/** GETs a JSON document (metadata), bounded in size and time. @throws AuthdeskError `auth_failed` */
export async function getJson(url: string, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  try {
    const res = await client.get<string>(url, { headers: { Accept: 'application/json' }, timeout: timeoutMs, maxContentLength: MAX_REPLY_BYTES });
    let json: unknown = null;
    try {
      json = JSON.parse(res.data);
    } catch {
      json = null;
    }
    return { status: res.status, json };
  } catch (e) {
    throw new AuthdeskError('auth_failed', `Could not fetch ${url} (${(e as { code?: string }).code ?? 'error'}).`);
  }
}
