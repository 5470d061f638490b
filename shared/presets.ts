import { PRESETS } from './preset-catalog';
import { fillPlaceholders, placeholdersIn } from './placeholders';
import { authSchema, httpUrlSchema, type AuthConfig, type ClientType } from './profile';
import { profileHeadersSchema } from './profile-headers';
import type { HeaderPair, Method } from './request';

/**
 * Provider presets: a profile's non-secret shape as each provider documents it (`docs`), so a first call needs only
 * the secret. Per-account values are `{name}` placeholders (see `shared/placeholders.ts`) described by `params`.
 * The catalog itself is `shared/preset-catalog.ts`.
 */

/** One per-account value a preset needs. */
export interface PresetParam {
  id: string;
  label: string;
  /** Fixed choices (regions, environments); `also` sets further placeholders that follow from the choice. */
  choices?: { value: string; label: string; also?: Record<string, string> }[];
  /** Used when the caller gives no value (the first choice otherwise). */
  default?: string;
  /** What a free value must match (anchored regex source); default {@link SAFE_VALUE}. */
  pattern?: string;
  example?: string;
}

/** Where the non-secret identity of a working credential is found: the verify reply, the Basic username, the client_id. */
export type IdentityField = `response.${string}` | 'auth.username' | 'auth.clientId' | null;

export interface Preset {
  id: string;
  name: string;
  description: string;
  /** The provider's public documentation this preset follows. */
  docs: string;
  clientType: ClientType;
  auth: AuthConfig;
  baseUrl: string;
  /** Non-secret headers every request needs besides auth (Notion-Version): they become the profile's `headers`. */
  extraHeaders?: HeaderPair[];
  /** The "am I authenticated?" call, relative to `baseUrl`. */
  verify: { method: Method; path: string; body?: string };
  identityField: IdentityField;
  /** Where to create keys or register the OAuth client. */
  keysUrl: string;
  /** Where to revoke or rotate them. */
  revokeUrl: string;
  notes: string[];
  params?: PresetParam[];
  /** Secret slots whose value the provider fixes (Stripe: the Basic password is empty). */
  fixedSecrets?: Record<string, string>;
  /** ISO date after which the provider no longer serves this API. */
  endOfLife?: string;
}

/** The default shape of a free parameter value: safe inside a host name label, a path segment and a header. */
export const SAFE_VALUE = '[A-Za-z0-9][A-Za-z0-9._-]{0,199}';

export interface PresetOptions {
  /** Profile name (default: the preset's name). */
  name?: string;
  /** Placeholder values by param id. */
  params?: Record<string, string>;
  /** Secret slot values; the preset's `fixedSecrets` are added. */
  secrets?: Record<string, string>;
}

/** The `createProfile` input a preset yields (structurally `CreateProfileInput` of the engine). */
export interface PresetProfileInput {
  name: string;
  clientType: ClientType;
  baseUrl: string;
  auth: AuthConfig;
  presetId: string;
  /** The preset's extra headers, filled in; absent when it has none. */
  headers?: HeaderPair[];
  secrets?: Record<string, string>;
}

/**
 * Resolves a preset's params into placeholder values: a choice must be one of `choices`, a free value must match
 * `pattern`, so no value can reshape a URL (a `/`, `@` or `#` smuggled into a host).
 * @throws Error naming the param when a value is missing or not allowed
 */
export function presetValues(preset: Preset, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of preset.params ?? []) {
    const value = given[p.id] ?? p.default ?? p.choices?.[0]?.value;
    if (value === undefined) throw new Error(`${preset.name} needs ${p.label} (${p.id}${p.example ? `, e.g. ${p.example}` : ''}).`);
    if (p.choices) {
      const choice = p.choices.find((c) => c.value === value);
      if (!choice) throw new Error(`${p.label} must be one of: ${p.choices.map((c) => c.value).join(', ')}.`);
      Object.assign(out, choice.also);
    } else if (!new RegExp(`^(?:${p.pattern ?? SAFE_VALUE})$`).test(value)) {
      throw new Error(`${p.label} "${value}" does not look right${p.example ? ` (e.g. ${p.example})` : ''}.`);
    }
    out[p.id] = value;
  }
  return out;
}

function resolved<T>(preset: Preset, value: T, values: Record<string, string>): T {
  const filled = fillPlaceholders(value, values);
  const left = placeholdersIn(filled);
  if (left.length) throw new Error(`${preset.name}: no value for ${left.join(', ')}.`);
  return filled;
}

/**
 * Builds the `createProfile` input for a preset: placeholders filled from `opts.params`, the auth validated with
 * {@link authSchema}, the preset's id, its extra headers as the profile's headers (validated with
 * {@link profileHeadersSchema}), the preset's fixed secrets merged into `opts.secrets`.
 * @throws Error when a param is missing or invalid
 */
export function presetToProfileInput(preset: Preset, opts: PresetOptions = {}): PresetProfileInput {
  const values = presetValues(preset, opts.params);
  const auth = authSchema.parse(resolved(preset, preset.auth, values));
  const baseUrl = httpUrlSchema.parse(resolved(preset, preset.baseUrl, values));
  const headers = preset.extraHeaders ? profileHeadersSchema.parse(resolved(preset, preset.extraHeaders, values)) : undefined;
  const secrets = opts.secrets || preset.fixedSecrets ? { ...preset.fixedSecrets, ...opts.secrets } : undefined;
  return { name: opts.name ?? preset.name, clientType: preset.clientType, baseUrl, auth, presetId: preset.id, ...(headers ? { headers } : {}), ...(secrets ? { secrets } : {}) };
}

/** The preset's verify request (absolute URL, body) with placeholders filled; its headers travel with the profile. */
export function presetVerifyRequest(preset: Preset, params?: Record<string, string>): { method: Method; url: string; body?: string } {
  const values = presetValues(preset, params);
  const base = resolved(preset, preset.baseUrl, values).replace(/\/+$/, '');
  const verify = resolved(preset, preset.verify, values);
  return { method: verify.method, url: `${base}${verify.path}`, ...(verify.body === undefined ? {} : { body: verify.body }) };
}

/** Presets whose id, name, description or auth scheme contain every word of `query` (case-insensitive). */
export function searchPresets(query: string, presets: readonly Preset[] = PRESETS): Preset[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return presets.filter((p) => {
    const hay = `${p.id} ${p.name} ${p.description} ${p.auth.scheme}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export { PRESETS };
