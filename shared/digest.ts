import { percentEncode } from './encoding';
import type { Challenge } from './www-authenticate';

/**
 * HTTP Digest Access Authentication, RFC 7616 (and RFC 2617 servers that send no `qop`), as pure functions: choose
 * a challenge, compute the `Authorization` value. Hashing is injected ({@link DigestHash}) because `shared/` may not
 * import `node:crypto`; the main process passes `electron/engine/digest-hash.ts`.
 *
 * Supported: algorithms MD5, SHA-256 and SHA-512-256 with their `-sess` variants (RFC 7616 §3.4.2), `qop=auth`
 * (§3.4.1) and no qop (RFC 2617 §3.2.2.1), `opaque` echoed (§3.4), `stale` (§3.3), `userhash` (§3.4.4), and
 * `username*` for non-ASCII usernames (§3.4.4, RFC 8187). Not supported: `qop=auth-int` (it hashes the entity body);
 * a server that offers only auth-int gets a clear "unsupported" reason instead of a wrong answer.
 */

/** The hash functions of RFC 7616 §6.1. */
export type DigestHashName = 'MD5' | 'SHA-256' | 'SHA-512-256';

/** Lower-case hex digest of the UTF-8 bytes of `text` (RFC 7616 §3.4: H(data)). */
export type DigestHash = (alg: DigestHashName, text: string) => string;

const ALGORITHMS: Record<string, { hash: DigestHashName; sess: boolean; name: string }> = {
  md5: { hash: 'MD5', sess: false, name: 'MD5' },
  'md5-sess': { hash: 'MD5', sess: true, name: 'MD5-sess' },
  'sha-256': { hash: 'SHA-256', sess: false, name: 'SHA-256' },
  'sha-256-sess': { hash: 'SHA-256', sess: true, name: 'SHA-256-sess' },
  'sha-512-256': { hash: 'SHA-512-256', sess: false, name: 'SHA-512-256' },
  'sha-512-256-sess': { hash: 'SHA-512-256', sess: true, name: 'SHA-512-256-sess' },
};

/** A Digest challenge Authdesk can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  /** The algorithm as RFC 7616 §3.3 spells it (`MD5` when the server names none). */
  algorithm: string;
  hash: DigestHashName;
  sess: boolean;
  /** `auth` when the server offers it; null for an RFC 2617 server that sent no `qop` (then no qop/nc/cnonce). */
  qop: 'auth' | null;
  /** The server says the previous nonce expired but the credentials were right (§3.3): retry with this one. */
  stale: boolean;
  userhash: boolean;
}

export type DigestChoice = { challenge: DigestChallenge } | { unsupported: string };

/** Why one Digest challenge cannot be answered, or the challenge. */
function readDigest(c: Challenge): DigestChoice {
  const p = c.params;
  const alg = ALGORITHMS[(p.algorithm ?? 'MD5').toLowerCase()];
  if (!alg) return { unsupported: `the server asks for algorithm ${p.algorithm}, which Authdesk does not support (RFC 7616 §3.3: MD5, SHA-256, SHA-512-256 and their -sess variants)` };
  if (p.nonce === undefined) return { unsupported: 'the Digest challenge has no nonce (RFC 7616 §3.3 requires one)' };
  const qops = p.qop === undefined ? null : p.qop.split(',').map((q) => q.trim().toLowerCase());
  if (qops && !qops.includes('auth')) {
    return { unsupported: `the server requires qop=${p.qop}; Authdesk supports only qop=auth (auth-int, which hashes the body, is not supported)` };
  }
  if (!qops && alg.sess) return { unsupported: `${alg.name} needs a client nonce, which only goes with qop (RFC 7616 §3.4.2); the server sent no qop` };
  return {
    challenge: {
      realm: p.realm ?? '',
      nonce: p.nonce,
      opaque: p.opaque ?? null,
      algorithm: alg.name,
      hash: alg.hash,
      sess: alg.sess,
      qop: qops ? 'auth' : null,
      stale: (p.stale ?? '').toLowerCase() === 'true',
      userhash: (p.userhash ?? '').toLowerCase() === 'true',
    },
  };
}

/**
 * Chooses the Digest challenge to answer among parsed `WWW-Authenticate` challenges: the first one Authdesk can
 * answer, since a server lists one challenge per algorithm in its order of preference (RFC 7616 §3.7).
 * @returns null when there is no Digest challenge at all; `unsupported` (the first reason) when none can be answered
 */
export function chooseDigestChallenge(challenges: readonly Challenge[]): DigestChoice | null {
  const digest = challenges.filter((c) => c.scheme.toLowerCase() === 'digest');
  if (digest.length === 0) return null;
  const choices = digest.map(readDigest);
  return choices.find((c) => 'challenge' in c) ?? choices[0]!;
}

/** A short description for the auth timeline: `realm R, qop auth, MD5`. */
export function describeDigest(c: DigestChallenge): string {
  return `realm ${c.realm}, ${c.qop ? `qop ${c.qop}` : 'no qop (RFC 2617)'}, ${c.algorithm}`;
}

export interface DigestInput {
  challenge: DigestChallenge;
  username: string;
  password: string;
  method: string;
  /** The request-target as sent (origin-form: path and query), RFC 7616 §3.4.6. */
  uri: string;
  /** The nonce count: 1 for the first request with this nonce, then 2, 3… (§3.4). Unused without qop. */
  nc: number;
  /** The client nonce (§3.4). Unused without qop. */
  cnonce: string;
  hash: DigestHash;
}

/** RFC 9110 §5.6.4 quoted-string. */
const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/**
 * The `Authorization` value answering a Digest challenge (RFC 7616 §3.4), and the derived `response` (a secret:
 * whoever sees it with the nonce can guess the password offline).
 *   HA1 = H(username:realm:password), for -sess H(HA1:nonce:cnonce) (§3.4.2); HA2 = H(method:uri) (§3.4.3);
 *   response = H(HA1:nonce:nc:cnonce:qop:HA2) with qop, H(HA1:nonce:HA2) without (§3.4.1; RFC 2617 §3.2.2.1).
 * `qop`, `nc` and `algorithm` go unquoted, the other values quoted (§3.4; TRAPS T22).
 */
export function digestAuthorization(i: DigestInput): { value: string; response: string; username: string } {
  const { challenge: c, hash } = i;
  const H = (s: string) => hash(c.hash, s);
  const nc = i.nc.toString(16).padStart(8, '0');
  const base = H(`${i.username}:${c.realm}:${i.password}`);
  const ha1 = c.sess ? H(`${base}:${c.nonce}:${i.cnonce}`) : base;
  const ha2 = H(`${i.method}:${i.uri}`);
  const response = c.qop ? H(`${ha1}:${c.nonce}:${nc}:${i.cnonce}:${c.qop}:${ha2}`) : H(`${ha1}:${c.nonce}:${ha2}`);
  const username = c.userhash ? H(`${i.username}:${c.realm}`) : i.username;
  const userParam = /^[\x20-\x7e]*$/.test(username) ? `username=${quote(username)}` : `username*=UTF-8''${percentEncode(username)}`;
  const parts = [userParam, `realm=${quote(c.realm)}`, `uri=${quote(i.uri)}`, `algorithm=${c.algorithm}`, `nonce=${quote(c.nonce)}`];
  if (c.qop) parts.push(`nc=${nc}`, `cnonce=${quote(i.cnonce)}`, `qop=${c.qop}`);
  parts.push(`response=${quote(response)}`);
  if (c.opaque !== null) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.userhash) parts.push('userhash=true');
  return { value: `Digest ${parts.join(', ')}`, response, username };
}
