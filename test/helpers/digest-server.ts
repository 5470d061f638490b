import { createHash, randomBytes } from 'node:crypto';
import { startServer, type TestServer } from './servers';

/**
 * A Digest-protected test server (RFC 7616; RFC 2617 without qop) that verifies every answer itself, independently
 * of the product's code: recomputes the response, checks uri, realm, opaque, that `qop` and `nc` are unquoted
 * tokens, and that `nc` strictly increases per nonce (a replayed count is refused, RFC 7616 §3.4).
 */
export interface DigestServerOptions {
  realm: string;
  username: string;
  password: string;
  /** `auth`, `auth-int` (offered alone) or null for an RFC 2617 server that sends no qop. */
  qop: 'auth' | 'auth-int' | null;
  /** As sent in the challenge; null sends no `algorithm` (MD5). */
  algorithm: 'MD5' | 'SHA-256' | 'SHA-256-sess' | null;
  /** Makes the nonces; defaults to random hex. */
  nonce?: () => string;
}

export interface DigestServer extends TestServer {
  /** Every Authorization header received, raw. */
  authorizations: string[];
  /** Why each refused answer was refused (empty when every answer was right). */
  problems: string[];
  /** Marks a nonce as expired: its next use gets 401 with stale=true and a fresh nonce. */
  expire(nonce: string): void;
  /** Parameters of an Authorization header. */
  params(header: string): Record<string, string>;
}

const OPAQUE = 'op=aque,value';

function paramsOf(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/([\w*]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return out;
}

export async function startDigestServer(o: DigestServerOptions): Promise<DigestServer> {
  const nonces = new Map<string, { lastNc: number; expired: boolean }>();
  const authorizations: string[] = [];
  const problems: string[] = [];
  const hashName = (o.algorithm ?? 'MD5').startsWith('SHA-256') ? 'sha256' : 'md5';
  const H = (s: string) => createHash(hashName).update(s, 'utf8').digest('hex');
  const newNonce = () => {
    const n = o.nonce ? o.nonce() : randomBytes(12).toString('hex');
    nonces.set(n, { lastNc: 0, expired: false });
    return n;
  };
  const challenge = (stale: boolean) =>
    [`Digest realm="${o.realm}"`, o.qop ? `qop="${o.qop}"` : '', o.algorithm ? `algorithm=${o.algorithm}` : '', `nonce="${newNonce()}"`, `opaque="${OPAQUE}"`, stale ? 'stale=true' : '']
      .filter(Boolean)
      .join(', ');

  /** Null when the answer is right, else the reason (and whether only the nonce was stale). */
  function verify(header: string, method: string, url: string): { problem: string; stale: boolean } | null {
    const p = paramsOf(header);
    const state = nonces.get(p.nonce ?? '');
    if (!state) return { problem: `unknown nonce ${p.nonce}`, stale: false };
    if (p.username !== o.username || p.realm !== o.realm || p.uri !== url || p.opaque !== OPAQUE) return { problem: `wrong username/realm/uri/opaque: ${header}`, stale: false };
    const sess = (o.algorithm ?? '').endsWith('-sess');
    const ha1 = sess ? H(`${H(`${o.username}:${o.realm}:${o.password}`)}:${p.nonce}:${p.cnonce}`) : H(`${o.username}:${o.realm}:${o.password}`);
    const ha2 = H(`${method}:${url}`);
    if (o.qop) {
      if (!/(^|[\s,])qop=auth(,|$)/.test(header) || !/(^|[\s,])nc=[0-9a-f]{8}(,|$)/.test(header)) return { problem: `qop and nc must be unquoted tokens: ${header}`, stale: false };
      const nc = parseInt(p.nc!, 16);
      if (nc <= state.lastNc) return { problem: `nc ${p.nc} replayed (last ${state.lastNc})`, stale: false };
      if (p.response !== H(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)) return { problem: 'wrong response', stale: false };
      state.lastNc = nc;
    } else {
      if ('qop' in p || 'nc' in p || 'cnonce' in p) return { problem: `RFC 2617 without qop: no qop, nc or cnonce expected: ${header}`, stale: false };
      if (p.response !== H(`${ha1}:${p.nonce}:${ha2}`)) return { problem: 'wrong response', stale: false };
    }
    return state.expired ? { problem: 'stale nonce', stale: true } : null;
  }

  const server = await startServer((req, res) => {
    const header = req.headers.authorization;
    if (header) authorizations.push(header);
    const verdict = header ? verify(header, req.method ?? '', req.url ?? '') : { problem: 'no credentials', stale: false };
    if (verdict === null) return res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`hello ${o.username}`);
    if (header) problems.push(verdict.problem);
    res.writeHead(401, { 'WWW-Authenticate': challenge(verdict.stale), 'Content-Type': 'text/plain' }).end('unauthorized');
  });
  return {
    ...server,
    authorizations,
    problems,
    expire: (nonce) => {
      nonces.get(nonce)!.expired = true;
    },
    params: paramsOf,
  };
}
