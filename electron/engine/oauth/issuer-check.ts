/**
 * The RFC 9207 check of the `iss` parameter of an authorization response that carries our `state` (so it answers
 * the request this flow sent). Pure: the loopback listener asks it and acts on the verdict.
 */

/** What the flow knows about the server the authorization request went to. */
export interface IssuerExpectation {
  /** The profile's issuer identifier, or null when it names none. */
  issuer: string | null;
  /** The server's metadata says `authorization_response_iss_parameter_supported: true` (RFC 9207 §3). */
  requireIss: boolean;
  /** The authorization endpoint the browser was sent to; without it a response naming an issuer needs `issuer`. */
  authorizationEndpoint?: string;
}

/**
 * `ok`: redeem the code (with `note`, an auth-step note, when an issuer was accepted that the profile does not
 * name). Not `ok`: do not redeem it; `message` says what came, what was expected and the fix; `page` is the
 * browser's shorter text.
 */
export type IssVerdict = { ok: true; note: string | null } | { ok: false; message: string; page: string };

/** At most this many characters of a server-chosen `iss` are quoted back. */
const MAX_QUOTED = 200;
const quote = (s: string) => JSON.stringify(s.length > MAX_QUOTED ? `${s.slice(0, MAX_QUOTED)}…` : s);
const NOT_REDEEMED = 'The authorization code was not redeemed.';
const PAGE = 'This sign-in response did not come from the expected authorization server (RFC 9207 iss check). Nothing was changed; Authdesk says what to do.';

/** The origin of an issuer identifier: an http(s) URL without query or fragment (RFC 8414 §2), else null. */
function issuerOrigin(iss: string): string | null {
  try {
    const u = new URL(iss);
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.search || u.hash || iss.includes('#') || iss.includes('?')) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The CLI flag that saves `iss` as the issuer, for a value that can be one (and is short enough to paste). */
const cliHint = (iss: string) => (issuerOrigin(iss) !== null && iss.length <= MAX_QUOTED ? ` (CLI: --issuer ${iss})` : '');

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/**
 * Decides whether an authorization response's `iss` (null when absent) lets the code be redeemed (RFC 9207 §2.4,
 * RFC 9700 §4.4 mix-up defence):
 * - the profile names an issuer: a present `iss` must equal it exactly (simple string comparison); an absent one is
 *   refused when the metadata promised it (`requireIss`);
 * - the profile names none: an absent `iss` is accepted (nothing promised it); a present one is accepted only when it
 *   is an issuer identifier on the very origin the authorization request was sent to (the server we asked), with a
 *   note that names it and suggests saving it as the profile's issuer; any other is refused.
 * @param iss the response's `iss` parameter, or null
 * @returns the verdict; never throws
 */
export function checkIss(iss: string | null, expected: IssuerExpectation): IssVerdict {
  const fix = (value: string) => `If ${quote(value)} is this profile's authorization server, set it as the profile's issuer${cliHint(value)} and sign in again.`;
  if (expected.issuer !== null) {
    if (iss === expected.issuer) return { ok: true, note: null };
    if (iss === null) {
      if (!expected.requireIss) return { ok: true, note: null };
      return {
        ok: false,
        page: PAGE,
        message:
          `The authorization response has no iss, but the metadata of ${quote(expected.issuer)} says its responses carry one ` +
          `(authorization_response_iss_parameter_supported, RFC 9207 §2.4), so it may not come from that server. ${NOT_REDEEMED} ` +
          'Sign in again; if this repeats, check that the authorization endpoint belongs to that issuer.',
      };
    }
    return {
      ok: false,
      page: PAGE,
      message:
        `The authorization response names the issuer (iss) ${quote(iss)}, but this profile expects ${quote(expected.issuer)} ` +
        `(RFC 9207 §2.4: a response from another server can be a mix-up attack, RFC 9700 §4.4). ${NOT_REDEEMED} ${fix(iss)}`,
    };
  }
  if (iss === null) return { ok: true, note: null };
  const asked = originOf(expected.authorizationEndpoint);
  if (asked !== null && issuerOrigin(iss) === asked) {
    return {
      ok: true,
      note:
        `The authorization server identified itself as ${quote(iss)} (RFC 9207 iss), on the origin this sign-in was sent to (${asked}); accepted. ` +
        `Save it as the profile's issuer${cliHint(iss)} so that a response naming any other server is refused (RFC 9700 §4.4).`,
    };
  }
  return {
    ok: false,
    page: PAGE,
    message:
      `The authorization response names the issuer (iss) ${quote(iss)}, which is not on the origin this sign-in was sent to ` +
      `(${asked ?? 'unknown'}), and the profile names no issuer to compare with (RFC 9207 §2.4, RFC 9700 §4.4). ${NOT_REDEEMED} ${fix(iss)}`,
  };
}
