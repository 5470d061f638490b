import { Option, type Command } from 'commander';
import type { ProfileView } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import { profileNameSchema, secretSlots, type AuthConfig, type ClientType, type Scheme } from '../../../shared/profile';
import { shortSecretWarnings } from '../../../shared/slot-value';
import type { Engine } from '../../engine/engine';
import { checkKeyMaterial } from '../../engine/key-check';
import { checkUrlFlag, CliError, EXIT, printJson, usage, withEngine, type CliIO } from '../context';
import { terminalLine } from '../terminal-text';
import { CLI_KEY_HINTS, readKeyFile } from '../key-material';
import { addOAuthOptions, authMethodNote, certificateMethod, checkOAuthFlags, clientTypeOf, oauthAuth, optionalSecretHints, rejectOAuthFlags, signsJwts, type OAuthFlags } from '../oauth-options';
import { identityText, profileDetails, schemeOf, secretStatus, table, warningLines } from '../output';
import { addSchemeOptions, awsAuth, keyFileSlot, mtlsAuth, oauthCertificate, parseAuth, rejectMisplacedFlags, type SchemeFlags } from '../scheme-options';
import type { ClientCertificate } from '../../../shared/client-cert';
import { readSecrets } from '../secrets-input';

interface AddOptions extends OAuthFlags, SchemeFlags {
  scheme: Scheme;
  clientType: ClientType;
  baseUrl?: string;
  secretEnv: string[];
  json?: boolean;
}

/** The flags as commander gives them: `clientType` only when `--client-type` was given. */
type AddFlags = Omit<AddOptions, 'clientType'> & { clientType?: ClientType };

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the flags of `profile add` that need no network, so usage errors come first: the whole auth config for
 * the schemes other than oauth2 (reading --cert and --ca); for oauth2 the flags and the client certificate of
 * mutual-TLS client authentication (its config may need discovery, see {@link oauthAuthFrom}).
 */
async function checkAddOptions(o: AddOptions, cwd: string): Promise<{ auth: AuthConfig | null; certificate: ClientCertificate | null }> {
  if (o.scheme !== 'oauth2') {
    rejectOAuthFlags(o);
    rejectMisplacedFlags(o, o.scheme);
    return { auth: await authFromOptions({ ...o, scheme: o.scheme }, cwd), certificate: null };
  }
  rejectMisplacedFlags(o, o.scheme);
  const certificate = o.grant === undefined ? null : await oauthCertificate(o, certificateMethod(o, o.clientType), cwd);
  checkOAuthFlags(o, o.clientType, certificate);
  if (o.keyFile !== undefined && !signsJwts(o, o.clientType) && !certificate) {
    throw usage(
      '--key-file applies to oauth2 when a private key signs JWTs (--grant jwt_bearer or github_app, or --token-endpoint-auth-method private_key_jwt) or with a client certificate (tls_client_auth, self_signed_tls_client_auth).',
    );
  }
  return { auth: null, certificate };
}

/** The oauth2 config from checked flags, discovering endpoints from `--issuer` first (notes go to stderr). */
async function oauthAuthFrom(io: CliIO, engine: Engine, o: AddOptions, certificate: ClientCertificate | null): Promise<AuthConfig> {
  const found = o.issuer ? await engine.discover(o.issuer) : null;
  if (found) io.stderr.write(`authdesk: discovered the endpoints of ${found.issuer} from ${found.source}\n`);
  if (found?.mtlsEndpointAliases && certificate) io.stderr.write('authdesk: using its mutual-TLS endpoint aliases where it lists them (RFC 8705 §5)\n');
  const config = oauthAuth(o, o.clientType, found, certificate);
  const note = authMethodNote(config, found);
  if (note) io.stderr.write(`authdesk: note: ${terminalLine(note)}\n`);
  return config;
}

/** The non-secret auth config from the flags of `profile add` for the schemes other than oauth2; a wrong combination is a usage error. */
async function authFromOptions(o: AddOptions & { scheme: Exclude<Scheme, 'oauth2'> }, cwd: string): Promise<AuthConfig> {
  switch (o.scheme) {
    case 'basic':
    case 'digest': {
      if (o.username !== undefined && o.secretUsername) throw usage('Give either --username U or --secret-username, not both.');
      if (o.username === undefined && !o.secretUsername) {
        throw usage(`--scheme ${o.scheme} needs --username U (the password comes on standard input) or --secret-username (both come on standard input).`);
      }
      if (o.scheme === 'basic' && o.username?.includes(':')) throw usage('A Basic username cannot contain ":" (RFC 7617 §2); the password can.');
      if (o.username === '') throw usage('--username cannot be empty.');
      return parseAuth({ scheme: o.scheme, username: o.secretUsername ? null : o.username });
    }
    case 'apikey':
      if (!o.in) throw usage('--scheme apikey needs --in header|query|cookie.');
      if (o.param.length === 0) throw usage('--scheme apikey needs at least one --param NAME (the header, query parameter or cookie name).');
      return parseAuth({ scheme: 'apikey', placements: o.param.map((name) => ({ in: o.in, name, ...(o.prefix ? { prefix: o.prefix } : {}) })) });
    case 'bearer':
      return parseAuth({ scheme: 'bearer', prefix: o.prefix ?? 'Bearer' });
    case 'aws-sigv4':
      return awsAuth(o);
    case 'mtls':
      return mtlsAuth(o, cwd);
  }
}

function secretsSummary(p: ProfileView): string {
  return p.secrets.map((s) => (p.secrets.length > 1 ? `${s.label}: ${secretStatus(s)}` : secretStatus(s))).join('; ');
}

export function registerProfile(program: Command, io: CliIO): void {
  const profile = program
    .command('profile')
    .description('Create, list, show and remove auth profiles (secrets live in the OS keychain)')
    .addHelpText(
      'after',
      `
Examples:
  printf '%s\\n' "$PASSWORD" | authdesk profile add github --scheme basic --username octocat
  printf '%s\\n\\n' "$STRIPE_KEY" | authdesk profile add stripe --scheme basic --secret-username
  printf '%s\\n%s\\n' "$DD_API_KEY" "$DD_APP_KEY" | authdesk profile add datadog --scheme apikey --in header --param DD-API-KEY --param DD-APPLICATION-KEY
  authdesk profile add ci-bot --scheme bearer --secret-env CI_TOKEN
  printf '%s\\n' "$CLIENT_SECRET" | authdesk profile add svc --scheme oauth2 --grant client_credentials --issuer https://auth.example.com --client-id svc
  authdesk profile add me --scheme oauth2 --grant authorization_code --client-type public --issuer https://auth.example.com --client-id desktop --scope "openid read"
  authdesk profile add tv --scheme oauth2 --grant device_code --client-type public --token-endpoint-auth-method none \\
    --device-authorization-endpoint https://auth.example.com/device --token-endpoint https://auth.example.com/token --client-id tv
  printf '%s\\n' "$PASSWORD" | authdesk profile add intranet --scheme digest --username alice
  printf '%s\\n\\n' "$AWS_SECRET_ACCESS_KEY" | authdesk profile add aws --scheme aws-sigv4 --access-key-id AKIAIOSFODNN7EXAMPLE --region us-east-1 --service execute-api
  printf '\\n' | authdesk profile add partner --scheme mtls --cert client.pem --ca partner-ca.pem --key-file client.key
  authdesk profile add bot --scheme oauth2 --grant github_app --app-id 12345 --installation-id 678 --key-file app.private-key.pem
  authdesk profile add svc-jwt --scheme oauth2 --grant client_credentials --issuer https://auth.example.com --client-id svc \\
    --token-endpoint-auth-method private_key_jwt --signing-alg ES256 --key-file svc.key

Private keys: --key-file FILE, or on stdin the whole PEM block from its -----BEGIN line to its -----END line; then
the next secrets (a passphrase: an empty line for none).`,
    );

  const add = profile
    .command('add')
    .description('Create a profile; its secrets are read from standard input (one per line) or a hidden prompt')
    .argument('<name>', 'profile name')
    .addOption(new Option('--scheme <scheme>', 'auth scheme').choices(['basic', 'apikey', 'bearer', 'digest', 'aws-sigv4', 'mtls', 'oauth2']).makeOptionMandatory())
    .option('--username <username>', 'basic, digest: the username (not secret); stdin: password')
    .option('--secret-username', 'basic, digest: the username is a secret too (Stripe); stdin: username, then password (may be empty)')
    .addOption(new Option('--client-type <type>', 'RFC 6749 client type (default: public with --token-endpoint-auth-method none, else confidential)').choices(['confidential', 'public']))
    .addOption(new Option('--in <where>', 'apikey: where the key goes').choices(['header', 'query', 'cookie']))
    .option('--param <name>', 'apikey: header, query parameter or cookie name (repeat for several keys; stdin: one key per --param)', collect, [])
    .option('--prefix <prefix>', 'bearer: the Authorization scheme (default Bearer); apikey: text put before each key as is')
    .option('--base-url <url>', 'only send this profile\'s credentials to this origin; send joins a path to it (…/v1 + /users → …/v1/users)');
  addSchemeOptions(add);
  addOAuthOptions(add)
    .option(
      '--secret-env <NAME>',
      'store a reference to environment variable NAME instead of a keychain entry (repeat, in stdin order; the rest is read from stdin)',
      collect,
      [],
    )
    .option('--json', 'print the created profile as JSON')
    .action(async (rawName: string, flags: AddFlags) => {
      // Another scheme's --token-endpoint-auth-method is refused by checkAddOptions (oauth2 only).
      const o: AddOptions = { ...flags, clientType: flags.scheme === 'oauth2' ? clientTypeOf(flags) : (flags.clientType ?? 'confidential') };
      const nameCheck = profileNameSchema.safeParse(rawName);
      if (!nameCheck.success) throw usage(`Invalid profile name: ${nameCheck.error.issues[0]?.message ?? 'rejected'}.`);
      const name = nameCheck.data;
      if (o.baseUrl !== undefined) checkUrlFlag('--base-url', o.baseUrl);
      const bad = o.secretEnv.find((n) => !ENV_NAME.test(n));
      if (bad !== undefined) throw usage('--secret-env takes an environment variable name: letters, digits and _, not starting with a digit.');
      const checked = await checkAddOptions(o, io.cwd);
      const keySlot = keyFileSlot(o, o.scheme === 'mtls' || checked.certificate !== null);
      const keyFile = o.keyFile === undefined ? null : { slot: keySlot, value: await readKeyFile(o.keyFile, keySlot, io.cwd) };
      await withEngine(io, async (engine) => {
        const { profiles } = await engine.listProfiles();
        if (profiles.some((p) => p.name === name)) throw usage(`A profile named "${name}" already exists. Pick another name or remove it first.`);
        const auth = checked.auth ?? (await oauthAuthFrom(io, engine, o, checked.certificate));
        const slots = secretSlots(auth).filter((s) => s.slot !== keyFile?.slot);
        if (o.secretEnv.length > slots.length) {
          const has = slots.length === 0 ? 'no secret' : `${slots.length} secret(s) (${slots.map((s) => s.label).join(', ')})`;
          throw usage(`This profile has ${has}${keyFile ? ' besides the --key-file' : ''} but ${o.secretEnv.length} --secret-env were given.`);
        }
        const secretEnv = Object.fromEntries(o.secretEnv.map((envName, i) => [slots[i]!.slot, envName]));
        const fromStdin = slots.length - o.secretEnv.length;
        if (fromStdin > 0 || keyFile) {
          const status = await engine.keychainStatus();
          if (!status.available) throw new CliError(status.message ?? 'The OS keychain is not available.', EXIT.network);
        }
        const secrets = await readSecrets(io, name, slots, new Set(Object.keys(secretEnv)), optionalSecretHints(auth));
        if (keyFile) secrets[keyFile.slot] = keyFile.value;
        // Checked here too for the CLI's own words, and to check secrets from --secret-env variables already set.
        checkKeyMaterial(auth, (slot) => secrets[slot] ?? (secretEnv[slot] === undefined ? undefined : io.env[secretEnv[slot]]), CLI_KEY_HINTS);
        const view = await engine.createProfile({ name, clientType: o.clientType, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), auth, secrets, secretEnv });
        for (const line of warningLines([...view.warnings, ...shortSecretWarnings(slots, secrets)])) io.stderr.write(`authdesk: ${line}\n`);
        if (o.keyFile !== undefined) io.stderr.write(`authdesk: note: the key from ${o.keyFile} is now in the OS keychain; Authdesk left the file as it was, and you may delete it.\n`);
        if (o.json) return printJson(io, view);
        io.stdout.write(`Saved profile "${view.name}" (${schemeOf(view)}, ${view.clientType}).\n`);
        for (const s of view.secrets) io.stdout.write(`  ${s.label}: ${secretStatus(s)}\n`);
        for (const envName of Object.values(secretEnv)) {
          if (io.env[envName] === undefined) io.stderr.write(`authdesk: note: $${envName} is not set in this shell; set it before sending.\n`);
        }
        const quoted = view.name.includes(' ') ? JSON.stringify(view.name) : view.name;
        io.stdout.write(auth.scheme === 'oauth2' ? `Next: authdesk token ${quoted}, then authdesk send ${quoted} URL\n` : `Next: authdesk send ${quoted} URL\n`);
      });
    });

  profile
    .command('list')
    .description('List profiles: scheme, client type, identity, secret status and time to first successful call')
    .option('--json', 'print the profiles as JSON (they never hold a secret)')
    .action(async (o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const { profiles, problems } = await engine.listProfiles();
        for (const p of problems) io.stderr.write(`authdesk: warning: ${p.message}\n`);
        if (o.json) return printJson(io, profiles);
        if (profiles.length === 0) {
          io.stdout.write('No profiles yet. Create one with: authdesk profile add NAME --scheme basic|apikey|bearer|digest|aws-sigv4|mtls|oauth2 …\n');
          return;
        }
        io.stdout.write(
          table(
            ['NAME', 'SCHEME', 'CLIENT', 'IDENTITY', 'SECRETS', 'TTFSC'],
            profiles.map((p) => [p.name, schemeOf(p), p.clientType, identityText(p), secretsSummary(p), formatDuration(p.ttfscMs)]),
          ),
        );
      });
    });

  profile
    .command('show')
    .description('Show one profile (never its secrets: a fingerprint at most)')
    .argument('<name>', 'profile name or id')
    .option('--json', 'print the profile as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const view = await engine.getProfile(name);
        if (o.json) printJson(io, view);
        else io.stdout.write(profileDetails(view));
      });
    });

  profile
    .command('remove')
    .description('Remove a profile and its keychain entries (its redacted history stays)')
    .argument('<name>', 'profile name or id')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const view = await engine.getProfile(name);
        const result = await engine.removeProfile(view.id);
        if (o.json) return printJson(io, { profile: view.name, id: view.id, ...result });
        const n = result.secretsDeleted;
        io.stdout.write(`Removed profile "${view.name}" and ${n} keychain ${n === 1 ? 'entry' : 'entries'}.\n`);
      });
    });
}
