import type { Command } from 'commander';
import type { ClientCertificate } from '../../shared/client-cert';
import { authSchema, type AuthConfig, type Scheme } from '../../shared/profile';
import { usage } from './context';
import { readCertFile, type KeySlot } from './key-material';

/**
 * The `profile add` flags of the schemes other than oauth2: which scheme each flag belongs to, and the auth config
 * of aws-sigv4 and mtls (basic, digest, apikey and bearer: see commands/profile.ts). The client certificate flags
 * also serve oauth2 with mutual-TLS client authentication (RFC 8705 §2).
 */

export interface SchemeFlags {
  username?: string;
  secretUsername?: boolean;
  in?: 'header' | 'query' | 'cookie';
  param: string[];
  prefix?: string;
  accessKeyId?: string;
  region?: string;
  service?: string;
  cert?: string;
  ca?: string;
  pkcs12?: boolean;
  keyFile?: string;
}

/** Adds the aws-sigv4 and mtls options, and `--key-file`, to `profile add`. */
export function addSchemeOptions(cmd: Command): Command {
  return cmd
    .option('--access-key-id <id>', 'aws-sigv4: the access key id (not secret); stdin: secret access key, then session token (an empty line for none)')
    .option('--region <region>', 'aws-sigv4: the signing region, e.g. us-east-1')
    .option('--service <name>', 'aws-sigv4: the service signing name, e.g. s3 or execute-api')
    .option('--cert <file>', 'mtls, oauth2 with tls_client_auth: the client certificate chain, PEM (public: stored in the profile)')
    .option('--ca <file>', 'mtls, oauth2 with tls_client_auth: a CA certificate, PEM, trusted for this profile\'s servers besides the system roots')
    .option('--pkcs12', 'mtls, oauth2 with tls_client_auth: the client key and certificate are a PKCS#12 bundle (.p12/.pfx) given with --key-file')
    .option(
      '--key-file <file>',
      'mtls, oauth2 with a client certificate or a private key: read the private key from FILE (into the keychain; FILE is left as is) instead of stdin',
    );
}

/** Each flag, the schemes it applies to, in the order they are checked. */
const PLACES: [keyof SchemeFlags, string, Scheme[]][] = [
  ['username', '--username', ['basic', 'digest']],
  ['secretUsername', '--secret-username', ['basic', 'digest']],
  ['in', '--in', ['apikey']],
  ['param', '--param', ['apikey']],
  ['prefix', '--prefix', ['bearer', 'apikey']],
  ['accessKeyId', '--access-key-id', ['aws-sigv4']],
  ['region', '--region', ['aws-sigv4']],
  ['service', '--service', ['aws-sigv4']],
  ['cert', '--cert', ['mtls', 'oauth2']],
  ['ca', '--ca', ['mtls', 'oauth2']],
  ['pkcs12', '--pkcs12', ['mtls', 'oauth2']],
  ['keyFile', '--key-file', ['mtls', 'oauth2']],
];

/** Refuses a flag given with a scheme it does not apply to. */
export function rejectMisplacedFlags(o: SchemeFlags, scheme: Scheme): void {
  for (const [key, flag, schemes] of PLACES) {
    const value = o[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0) || schemes.includes(scheme)) continue;
    if (key === 'prefix' && scheme === 'oauth2') throw usage('--prefix applies to --scheme bearer or apikey; for oauth2 use --token-prefix.');
    throw usage(`${flag} applies to --scheme ${schemes.join(' or ')} only.`);
  }
}

/**
 * The slot `--key-file` fills: a client certificate's key or bundle (mtls, or oauth2 with mutual-TLS client
 * authentication), else the oauth2 private key that signs JWTs.
 */
export const keyFileSlot = (o: SchemeFlags, certificate: boolean): KeySlot => (!certificate ? 'private_key' : o.pkcs12 ? 'client_pkcs12' : 'client_key');

/** Config fields and the flags that set them, for schema messages. */
const FIELD_FLAGS: Record<string, string> = {
  prefix: '--prefix',
  name: '--param',
  accessKeyId: '--access-key-id',
  region: '--region',
  service: '--service',
  certificatePem: '--cert',
  caPem: '--ca',
};

/** Validates a candidate config; the first problem is a usage error naming the flag ("Invalid --region: …"). */
export function parseAuth(candidate: unknown): AuthConfig {
  const parsed = authSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = issue?.path.map((p) => FIELD_FLAGS[String(p)]).find((f) => f !== undefined);
  throw usage(`Invalid ${flag ?? 'option'}: ${issue?.message ?? 'rejected'}.`);
}

/** The aws-sigv4 config: all three of --access-key-id, --region and --service. */
export function awsAuth(o: SchemeFlags): AuthConfig {
  if (o.accessKeyId === undefined || o.region === undefined || o.service === undefined) {
    throw usage('--scheme aws-sigv4 needs --access-key-id ID, --region R and --service S (stdin: the secret access key, then the session token or an empty line).');
  }
  return parseAuth({ scheme: 'aws-sigv4', accessKeyId: o.accessKeyId, region: o.region, service: o.service });
}

/**
 * A client certificate from --cert (PEM) or the --pkcs12 bundle, and the optional --ca, read from files.
 * @param who the flags that call for it, for the usage message ("--scheme mtls")
 * @throws CliError (usage) without --cert or --pkcs12, with both, or for a file that is not a certificate
 */
async function clientCertificate(o: SchemeFlags, cwd: string, who: string): Promise<ClientCertificate> {
  if (o.pkcs12 && o.cert !== undefined) throw usage('--cert does not apply with --pkcs12: the bundle carries the certificate.');
  if (!o.pkcs12 && o.cert === undefined) {
    throw usage(`${who} needs --cert FILE (the client certificate, PEM) and the private key by --key-file FILE or stdin; or --pkcs12 --key-file FILE.`);
  }
  return {
    format: o.pkcs12 ? 'pkcs12' : 'pem',
    certificatePem: o.cert === undefined ? undefined : await readCertFile('--cert', o.cert, cwd),
    caPem: o.ca === undefined ? undefined : await readCertFile('--ca', o.ca, cwd),
  };
}

/** The mtls config: see {@link clientCertificate}. */
export async function mtlsAuth(o: SchemeFlags, cwd: string): Promise<AuthConfig> {
  return parseAuth({ scheme: 'mtls', ...(await clientCertificate(o, cwd, '--scheme mtls')) });
}

/**
 * The client certificate of an oauth2 profile: read when its client authentication is mutual TLS (RFC 8705 §2), else
 * null, and then a certificate flag is a usage error.
 * @param method the profile's token endpoint auth method, when it presents a certificate
 */
export async function oauthCertificate(o: SchemeFlags, method: string | null, cwd: string): Promise<ClientCertificate | null> {
  if (method) return clientCertificate(o, cwd, `--token-endpoint-auth-method ${method}`);
  const flag = o.cert !== undefined ? '--cert' : o.ca !== undefined ? '--ca' : o.pkcs12 ? '--pkcs12' : null;
  if (flag) throw usage(`${flag} applies to --scheme mtls, or to oauth2 with --token-endpoint-auth-method tls_client_auth or self_signed_tls_client_auth.`);
  return null;
}
