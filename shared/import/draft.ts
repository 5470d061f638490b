import { placeholdersIn } from '../placeholders';
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

/**
 * Validates a draft's auth with the profile schema and keeps `baseUrl` only when it is an absolute http(s) URL.
 * @returns the draft, or null with a warning when the auth is not valid
 */
export function finishDraft(d: Omit<ProfileDraft, 'placeholders'>, warnings: string[]): ProfileDraft | null {
  const auth = authSchema.safeParse(d.auth);
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
