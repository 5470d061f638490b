import { mapStrings, placeholdersIn, replacePlaceholders } from '../placeholders';
import { authSchema, httpUrlSchema, type AuthConfig, type ClientType } from '../profile';

/**
 * A profile draft from an import (OpenAPI, Postman): what `createProfile` needs, minus what only the user knows.
 * `placeholders` lists the `{name}` values still to fill (an OAuth client_id, a token endpoint to discover).
 */
export interface ProfileDraft {
  name: string;
  clientType: ClientType;
  baseUrl?: string;
  auth: AuthConfig;
  /** Secret slot → value found in the source (Postman); empty for OpenAPI, which holds no secrets. */
  secrets: Record<string, string>;
  /** Where it came from: scheme names (OpenAPI) or the collection item (Postman). */
  source: string[];
  notes: string[];
  placeholders: string[];
}

/** Stand-ins for a `{name}` while a draft is validated: a whole https origin, or a word. */
const asOrigin = (name: string) => `https://${name}.placeholder.invalid`;
const asWord = (name: string) => `zz${name}zz`;
/** Where a placeholder starts a text it may stand for an origin; elsewhere, or when that fails, for a word. */
const probes: ((name: string, offset: number) => string)[] = [(name, offset) => (offset === 0 ? asOrigin(name) : asWord(name)), asWord];

/**
 * Validates an auth config as it will be once its `{placeholders}` are filled in: as it is, else with each
 * placeholder standing for a probe value (a `{base_url}/token` endpoint from a Postman `{{baseUrl}}` needs an origin
 * there), the probes then turned back into the placeholders. The filled-in values are checked again when the profile
 * is created.
 */
function parseAuthDraft(auth: unknown): ReturnType<typeof authSchema.safeParse> {
  const plain = authSchema.safeParse(auth);
  if (plain.success) return plain;
  for (const probe of probes) {
    const probed = authSchema.safeParse(replacePlaceholders(auth, probe));
    if (!probed.success) continue;
    const back = placeholdersIn(auth).flatMap((name) => [asOrigin(name), asWord(name)].map((stand) => [stand, `{${name}}`] as const));
    return { ...probed, data: mapStrings(probed.data, (s) => back.reduce((text, [stand, m]) => text.split(stand).join(m), s)) };
  }
  return plain;
}

/**
 * Validates a draft's auth with the profile schema (waiting `{placeholders}` allowed, see {@link parseAuthDraft}) and
 * keeps `baseUrl` only when it is an absolute http(s) URL.
 * @returns the draft, or null with a warning when the auth is not valid
 */
export function finishDraft(d: Omit<ProfileDraft, 'placeholders'>, warnings: string[]): ProfileDraft | null {
  const auth = parseAuthDraft(d.auth);
  if (!auth.success) {
    warnings.push(`${d.name}: ${auth.error.issues[0]?.path.join('.') ?? 'auth'} — ${auth.error.issues[0]?.message ?? 'invalid'}; no profile was drafted.`);
    return null;
  }
  const { baseUrl, ...rest } = d;
  const validBase = baseUrl !== undefined && httpUrlSchema.safeParse(baseUrl).success;
  if (baseUrl !== undefined && !validBase) rest.notes = [...rest.notes, `The server URL "${baseUrl}" is not absolute; set the base URL yourself.`];
  const draft = { ...rest, auth: auth.data, ...(validBase ? { baseUrl } : {}) };
  return { ...draft, placeholders: placeholdersIn([draft.auth, draft.baseUrl]) };
}
