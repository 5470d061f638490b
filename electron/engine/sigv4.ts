import type { AttemptAuth, RequestAuthenticator, WireRequest } from '../../shared/auth-apply';
import type { HeaderPair } from '../../shared/request';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Empty for long-term keys; sent as X-Amz-Security-Token for temporary ones. */
  sessionToken: string;
  region: string;
  service: string;
}

/** Query parameters of a URL, decoded, as the signer wants them (it re-encodes them canonically). */
function queryOf(u: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of u.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Signs one request with AWS Signature Version 4 ("Signing AWS API requests", AWS General Reference) using
 * `@smithy/signature-v4`, the signer of the AWS SDK: every header sent (with `host` as Node sends it), the method,
 * the path, the query and a SHA-256 of the body. Returns the headers to add: Authorization, X-Amz-Date,
 * X-Amz-Content-Sha256 and X-Amz-Security-Token (with a session token), replacing same-named user headers. S3 paths are not double-encoded (as the
 * SDK does for S3).
 */
export async function signV4(creds: SigV4Credentials, req: WireRequest, now = new Date()): Promise<{ headers: HeaderPair[]; signature: string }> {
  // Loaded on first use: the signer and its dependencies are most of a cold start's module work.
  const [{ Sha256 }, { SignatureV4 }] = await Promise.all([import('@aws-crypto/sha256-js'), import('@smithy/signature-v4')]);
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}) },
    region: creds.region,
    service: creds.service,
    sha256: Sha256,
    uriEscapePath: creds.service !== 's3',
  });
  const u = new URL(req.url);
  const headers: Record<string, string> = { host: u.host };
  for (const [k, v] of req.headers) headers[k.toLowerCase()] = headers[k.toLowerCase()] === undefined ? v : `${headers[k.toLowerCase()]}, ${v}`;
  const signed = await signer.sign(
    { method: req.method, protocol: u.protocol, hostname: u.hostname, port: u.port ? Number(u.port) : undefined, path: u.pathname, query: queryOf(u), headers, body: req.body },
    { signingDate: now },
  );
  const added: HeaderPair[] = Object.entries(signed.headers).filter(([k, v]) => k === 'authorization' || (k.startsWith('x-amz-') && headers[k] !== v));
  const signature = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
  return { headers: added, signature };
}

/** Signs every attempt that carries credentials, each for its own method, URL, headers and body. */
export function sigV4Authenticator(creds: SigV4Credentials): RequestAuthenticator {
  return {
    async authorize(req: WireRequest): Promise<AttemptAuth> {
      const { headers, signature } = await signV4(creds, req);
      return { headers, secretValues: [signature], steps: [{ kind: 'applied', detail: `AWS SigV4 signature for ${req.method} ${new URL(req.url).host}` }] };
    },
  };
}
