import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh self-signed certificate for 127.0.0.1 (openssl), for HTTPS test servers. */
export function selfSignedCert(): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authdesk-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore', timeout: 20_000 });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/** A test CA, a server certificate for 127.0.0.1 and a client certificate it issued, in every shape mTLS takes. */
export interface MtlsMaterial {
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientCert: string;
  clientKey: string;
  /** The client key encrypted with {@link MtlsMaterial.passphrase} (PKCS#8, AES-256). */
  clientKeyEncrypted: string;
  /** Key and certificate as PKCS#12 (base64), protected by {@link MtlsMaterial.passphrase}. */
  clientPkcs12Base64: string;
  /** The same bundle with the legacy encryption (RC2-40 and 3DES: `openssl pkcs12 -export -legacy`), same passphrase. */
  clientPkcs12LegacyBase64: string;
  passphrase: string;
  /** A client certificate from another CA, which the server must refuse. */
  strangerCert: string;
  strangerKey: string;
}

/** Generates {@link MtlsMaterial} with openssl in a temporary directory. */
export function mtlsMaterial(): MtlsMaterial {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authdesk-mtls-'));
  const f = (name: string) => path.join(dir, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', timeout: 20_000 });
  const passphrase = 'correct horse battery';
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=Authdesk Test CA');
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('stranger.key'), '-out', f('stranger.pem'), '-days', '1', '-subj', '/CN=stranger');
  const issue = (name: string, subj: string, ext: string) => {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subj);
    writeFileSync(f(`${name}.ext`), ext);
    run('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '1', '-extfile', f(`${name}.ext`));
  };
  issue('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', '/CN=authdesk-client', 'extendedKeyUsage=clientAuth\n');
  run('pkcs8', '-topk8', '-in', f('client.key'), '-out', f('client-enc.key'), '-v2', 'aes-256-cbc', '-passout', `pass:${passphrase}`);
  run('pkcs12', '-export', '-inkey', f('client.key'), '-in', f('client.pem'), '-out', f('client.p12'), '-passout', `pass:${passphrase}`);
  run('pkcs12', '-export', '-legacy', '-inkey', f('client.key'), '-in', f('client.pem'), '-out', f('client-legacy.p12'), '-passout', `pass:${passphrase}`);
  const read = (name: string) => readFileSync(f(name), 'utf8');
  return {
    caCert: read('ca.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    clientKeyEncrypted: read('client-enc.key'),
    clientPkcs12Base64: readFileSync(f('client.p12')).toString('base64'),
    clientPkcs12LegacyBase64: readFileSync(f('client-legacy.p12')).toString('base64'),
    passphrase,
    strangerCert: read('stranger.pem'),
    strangerKey: read('stranger.key'),
  };
}
