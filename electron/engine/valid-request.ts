import { deepFreeze } from '../../shared/deep-freeze';
import type { Profile } from '../../shared/profile';
import { sendRequestSchema, type SendRequest, type SendRequestParsed } from '../../shared/request';
import { joinBaseUrl } from '../../shared/url';
import { AuthdeskError } from './errors';

/** A request {@link validRequest} has checked: frozen, and sent without a second parse. */
export type ValidRequest = Readonly<SendRequestParsed> & { readonly __valid: unique symbol };

/** Requests {@link validRequest} returned (frozen, so they cannot change after the check). */
const validated = new WeakSet<object>();

/**
 * Checks a request against the send contract (`sendRequestSchema`) and freezes the result; a frozen result passed
 * back here is returned as is, so a request sent many times (`send --repeat`) is parsed once.
 * @throws AuthdeskError `invalid_request` naming the first problem
 */
export function validRequest(request: SendRequest | ValidRequest): ValidRequest {
  if (validated.has(request)) return request as ValidRequest;
  const parsed = sendRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A header problem names the header (its name only: the value may hold a secret).
    const header = issue?.path[0] === 'headers' && typeof issue.path[1] === 'number' ? request.headers?.[issue.path[1]]?.[0] : undefined;
    const named = typeof header === 'string' && /^[\x21-\x7e]{1,200}$/.test(header);
    const where = !named ? '' : issue?.path[2] === 1 ? `the value of header ${header} is refused: ` : `header ${header}: `;
    throw new AuthdeskError('invalid_request', `Invalid request: ${where}${issue?.message ?? ''}`);
  }
  const valid = deepFreeze(parsed.data) as ValidRequest;
  validated.add(valid);
  return valid;
}

/**
 * Refuses a request to another origin (RFC 6454 §4) than the base URL a profile is bound to: its credentials stay
 * with the API they are for. A Host header (the request's or the profile's) naming another host than the URL is refused
 * too: on a shared address (virtual hosting, a CDN) it picks the server that receives the credentials (RFC 9110 §7.2).
 * @param headers the request's own headers
 * @throws AuthdeskError `invalid_request` naming both origins, or both hosts
 */
export function checkBoundOrigin(profile: Pick<Profile, 'name' | 'baseUrl' | 'headers'>, url: string, headers: readonly (readonly [string, string])[] = []): void {
  // The common send (no base URL, no Host header) parses nothing: this runs on every send.
  if (!profile.baseUrl && !hasHost(profile.headers) && !hasHost(headers)) return;
  const target = new URL(url);
  if (profile.baseUrl) {
    const bound = new URL(profile.baseUrl).origin;
    if (bound !== target.origin) {
      throw new AuthdeskError('invalid_request', `Profile "${profile.name}" is bound to ${bound}; Authdesk will not send its credentials to ${target.origin}.`);
    }
  }
  for (const [name, value] of [...(profile.headers ?? []), ...headers]) {
    if (name.toLowerCase() !== 'host' || namesHost(value, target)) continue;
    const shown = /^[\x21-\x7e]{1,200}$/.test(value.trim()) ? value.trim() : 'another host';
    throw new AuthdeskError(
      'invalid_request',
      `The Host header names ${shown}, not the URL's host ${target.host}: the server there would pick the site that receives profile "${profile.name}"'s credentials. Remove the Host header, or put that host in the URL.`,
    );
  }
}

/** Whether `headers` has a Host header. */
const hasHost = (headers: readonly (readonly [string, string])[] | undefined): boolean => headers?.some(([name]) => name.length === 4 && name.toLowerCase() === 'host') ?? false;

/**
 * Whether a Host header's value names the URL's host as written: the same characters apart from letter case, with or
 * without the scheme's default port. Other spellings of the same address (`0x7f.0.0.1`, `127.0.0.01`, a trailing dot)
 * are other names to a server that picks the site by comparing Host (RFC 9110 §7.2; RFC 3986 §3.2.2 reads them as
 * registered names), so they do not count.
 */
function namesHost(value: string, target: URL): boolean {
  const written = value.trim().toLowerCase();
  const defaultPort = target.protocol === 'https:' ? '443' : '80';
  return written === target.host || (target.port === '' && written === `${target.host}:${defaultPort}`);
}

/**
 * The URL a profile's request `target` names: an absolute URL as it is, a path joined to the profile's base URL
 * (`joinBaseUrl`: base `https://api.example.com/v1` and `/me` give `https://api.example.com/v1/me`).
 * @throws AuthdeskError `invalid_request` when `target` is a path and the profile has no base URL, or is not a URL
 */
export function targetUrl(profile: Pick<Profile, 'baseUrl'>, target: string): string {
  try {
    return profile.baseUrl ? joinBaseUrl(profile.baseUrl, target) : new URL(target).toString();
  } catch {
    throw new AuthdeskError('invalid_request', `The target "${target}" is a path, but the profile has no base URL.`);
  }
}
