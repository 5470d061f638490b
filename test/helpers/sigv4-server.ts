import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { startServer, type TestServer } from './servers';

/**
 * An AWS-style API that verifies Signature Version 4 like AWS does: it rebuilds the canonical request from what it
 * received (method, path, query, the headers named in SignedHeaders, the body), signs it with the secret it knows
 * for the access key (the AWS SDK signer) at the request's X-Amz-Date, and compares. 403 on any mismatch.
 */
export interface SigV4Server extends TestServer {
  /** Why each refused request was refused. */
  problems: string[];
}

export async function startSigV4Server(o: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string; service: string }, route?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean): Promise<SigV4Server> {
  const problems: string[] = [];
  const verify = async (req: http.IncomingMessage, body: string): Promise<string | null> => {
    const authz = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authz);
    if (!m) return `malformed Authorization: ${authz}`;
    if (m[1] !== o.accessKeyId || m[3] !== o.region || m[4] !== o.service) return 'wrong credential scope';
    if (req.headers['x-amz-security-token'] !== o.sessionToken) return 'wrong session token';
    if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return 'x-amz-content-sha256 is not the hash of the body received';
    const amzDate = String(req.headers['x-amz-date']);
    const signingDate = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const headers: Record<string, string> = {};
    for (const name of m[5]!.split(';')) headers[name] = String(req.headers[name] ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of u.searchParams) query[k] = k in query ? [query[k]!, v].flat() : v;
    const signer = new SignatureV4({ credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, sessionToken: o.sessionToken }, region: o.region, service: o.service, sha256: Sha256 });
    const expected = await signer.sign({ method: req.method ?? 'GET', protocol: 'http:', hostname: headers.host ?? '', path: u.pathname, query, headers, body }, { signingDate });
    return expected.headers.authorization === authz ? null : 'signature mismatch';
  };
  const server = await startServer((req, res, body) => {
    void verify(req, body).then((problem) => {
      if (problem) {
        problems.push(problem);
        return res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message":"The request signature we calculated does not match the signature you provided."}');
      }
      if (route?.(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  return { ...server, problems };
}
