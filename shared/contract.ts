import { z } from 'zod';
import type { ChannelName, EventName } from './channels';
import type { LintWarning } from './lint';
import type { WorkspaceMetrics } from './metrics';
import type { FlowStep, TokenInfo } from './oauth';
import { authSchema, clientTypeSchema, httpUrlSchema, originSchema, presetIdSchema, profileNameSchema, verifyRequestSchema, type AuthConfig, type ClientType, type VerifyRequest } from './profile';
import { profileHeadersSchema } from './profile-headers';
import { sendRequestSchema, type HeaderPair, type HistoryEntry, type HistorySummary } from './request';

/**
 * The one IPC contract between the renderer and the main process (DESIGN.md "The one contract"). Every channel has
 * a zod schema for its request, parsed by the main process before any service runs, and a reply type. Replies
 * travel inside a {@link Result} envelope, so a failure is a value with a user-facing message, never a thrown
 * Electron error with a stack.
 */

const secretValues = z.record(z.string().regex(/^[a-z0-9_]{1,32}$/), z.string().max(64_000));
const id = z.string().min(1).max(100);

export const requestSchemas = {
  'keychain.status': z.object({}).strict(),
  'profiles.list': z.object({}).strict(),
  'profiles.create': z
    .object({
      name: profileNameSchema,
      clientType: clientTypeSchema,
      baseUrl: httpUrlSchema.optional(),
      trustRedirectsTo: z.array(originSchema).max(20).optional(),
      verify: verifyRequestSchema.optional(),
      presetId: presetIdSchema.optional(),
      headers: profileHeadersSchema.optional(),
      auth: authSchema,
      secrets: secretValues,
    })
    .strict(),
  'profiles.remove': z.object({ id }).strict(),
  'profiles.update': z
    .object({
      id,
      name: profileNameSchema.optional(),
      clientType: clientTypeSchema.optional(),
      baseUrl: httpUrlSchema.nullable().optional(),
      trustRedirectsTo: z.array(originSchema).max(20).optional(),
      verify: verifyRequestSchema.nullable().optional(),
      headers: profileHeadersSchema.optional(),
      auth: authSchema.optional(),
    })
    .strict(),
  'profiles.verify': z.object({ id }).strict(),
  'secrets.replace': z.object({ profileId: id, secrets: secretValues }).strict(),
  'request.send': sendRequestSchema.strict(),
  'request.cancel': z.object({ requestId: id }).strict(),
  'history.list': z
    .object({
      profileId: id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      beforeId: z.number().int().positive().optional(),
    })
    .strict(),
  'history.get': z.object({ id: z.number().int().positive() }).strict(),
  'metrics.get': z.object({}).strict(),
  'export.run': z.object({ format: z.enum(['har', 'jsonl']), profileId: id.optional() }).strict(),
  'sandbox.start': z.object({}).strict(),
  'oauth.discover': z.object({ issuer: httpUrlSchema }).strict(),
  'oauth.signIn': z.object({ profileId: id }).strict(),
  'oauth.cancel': z.object({ profileId: id }).strict(),
  'oauth.revoke': z.object({ profileId: id }).strict(),
  'keychain.useSessionOnly': z.object({}).strict(),
  'secrets.forgetAll': z.object({}).strict(),
} satisfies Record<ChannelName, z.ZodType>;

/** What the renderer may know about a secret slot: never the value. */
export interface SecretStatus {
  slot: string;
  label: string;
  saved: boolean;
  source: 'keychain' | 'env';
  envName: string | null;
  fingerprint: string | null;
  savedAt: string | null;
}

/** A profile as the renderer sees it. */
export interface ProfileView {
  id: string;
  name: string;
  clientType: ClientType;
  createdAt: string;
  baseUrl: string | null;
  trustRedirectsTo: string[];
  verify: VerifyRequest | null;
  /** The provider preset the profile was made from (its keys and revoke pages), or null. */
  presetId: string | null;
  /** Non-secret headers sent with every request of the profile. */
  headers: HeaderPair[];
  /** When the verify request last answered 2xx (the "verified" badge). */
  lastVerifiedAt: string | null;
  auth: AuthConfig;
  identity: string | null;
  secrets: SecretStatus[];
  ttfscMs: number | null;
  firstSuccessAt: string | null;
  /** Configuration warnings (shared/lint.ts): a public client with a permanent secret, plain-http endpoints… */
  warnings: LintWarning[];
}

export interface KeychainStatus {
  available: boolean;
  backend: string;
  /** The actionable message when unavailable. */
  message: string | null;
  /** The user chose to keep secrets in memory for this session only. */
  sessionOnly: boolean;
}

export interface SendReply {
  entry: HistoryEntry;
  /** Set on the request that was the profile's first 2xx. */
  firstSuccess: { ttfscMs: number } | null;
}

export interface ExportReply {
  path: string | null;
  entries: number;
  bytes: number;
  cancelled: boolean;
}

export interface SandboxInfo {
  baseUrl: string;
  credentials: { basic: { username: string; password: string }; apiKey: { header: string; value: string }; bearerToken: string };
  endpoints: { method: string; path: string; auth: string; description: string }[];
  /** The sandbox's own OAuth 2.0 server: it is its own issuer (RFC 8414 metadata at the base URL). */
  oauth?: { issuer: string; confidential: { clientId: string; clientSecret: string }; public: { clientId: string } };
}

export interface Replies {
  'keychain.status': KeychainStatus;
  'profiles.list': ProfileView[];
  'profiles.create': ProfileView;
  'profiles.remove': { removed: boolean; secretsDeleted: number };
  'profiles.update': ProfileView;
  'profiles.verify': SendReply;
  'secrets.replace': ProfileView;
  'request.send': SendReply;
  'request.cancel': { cancelled: boolean };
  'history.list': HistorySummary[];
  'history.get': HistoryEntry;
  'metrics.get': WorkspaceMetrics;
  'export.run': ExportReply;
  'sandbox.start': SandboxInfo;
  'oauth.discover': DiscoveredEndpoints;
  'oauth.signIn': TokenInfo;
  'oauth.cancel': { cancelled: boolean };
  'oauth.revoke': { notes: string[] };
  'keychain.useSessionOnly': KeychainStatus;
  'secrets.forgetAll': { deleted: number };
}

/** Endpoints found from an issuer (RFC 8414 / OpenID Connect discovery). */
export interface DiscoveredEndpoints {
  issuer: string;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  deviceAuthorizationEndpoint: string | null;
  revocationEndpoint: string | null;
  tokenEndpointAuthMethods: string[];
  requireIss: boolean;
  /**
   * RFC 8705 §5 `mtls_endpoint_aliases`: the endpoints a client doing mutual TLS uses in preference to the ones
   * above (null when the server lists none).
   */
  mtlsEndpointAliases: MtlsEndpointAliases | null;
  source: string;
}

/** The endpoints of RFC 8705 §5 `mtls_endpoint_aliases` that Authdesk uses (null where the server gives no alias). */
export interface MtlsEndpointAliases {
  tokenEndpoint: string | null;
  deviceAuthorizationEndpoint: string | null;
  revocationEndpoint: string | null;
}

export interface Events {
  'export.progress': { written: number; total: number };
  'oauth.progress': { profileId: string } & FlowStep;
}

export type RequestOf<C extends ChannelName> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequestOf<C extends ChannelName> = z.output<(typeof requestSchemas)[C]>;

/** Error codes a reply can carry; `message` is always written for a person and never holds a secret. */
export type ErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'conflict'
  | 'keychain_unavailable'
  | 'secret_missing'
  | 'auth_failed'
  | 'login_required'
  | 'failed';

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** The bridge the preload exposes as `window.authdesk` (and the e2e harness builds on exposeBinding). */
export type Bridge = {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<Replies[C]>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};
