import type { RequestOf } from '../../../shared/contract';
import type { CurlImport } from '../../../shared/import/curl';
import type { ProfileDraft } from '../../../shared/import/draft';
import { fillPlaceholders } from '../../../shared/placeholders';
import { authSchema, secretSlots, type AuthConfig, type SecretSlot } from '../../../shared/profile';

/**
 * What the Import view may keep in React state: an import with its secret values taken out. A preview only records
 * which slots the source filled (`found`); the values are read again from the source when the profile is created.
 */

/** A secret slot of an import: filled by the source (with a value, or deliberately empty), or to be typed. */
export type SlotState = SecretSlot & { found: 'value' | 'empty' | null };

/** A `{{variable}}` left unresolved by Postman is not a value. */
const usable = (v: string | undefined, slot: SecretSlot): v is string => v !== undefined && !/\{\{[^{}]+\}\}/.test(v) && (v !== '' || slot.mayBeEmpty);

/** The secret slots of `auth` and whether `secrets` fills each of them. */
function slotStates(auth: AuthConfig | null, secrets: Record<string, string>): SlotState[] {
  if (!auth) return [];
  return secretSlots(auth).map((s) => {
    const v = secrets[s.slot];
    return { ...s, found: usable(v, s) ? (v === '' ? 'empty' : 'value') : null };
  });
}

/** A curl import without secret values. */
export type CurlView = Omit<CurlImport, 'secrets'> & { slots: SlotState[] };

/** A profile draft (OpenAPI, Postman) without secret values. */
export type DraftView = Omit<ProfileDraft, 'secrets'> & { slots: SlotState[] };

/** Drops the secret values of an import, keeping which slots they filled. */
export function withoutSecrets<T extends { auth: AuthConfig | null; secrets: Record<string, string> }>(x: T): Omit<T, 'secrets'> & { slots: SlotState[] } {
  const { secrets, ...rest } = x;
  return { ...rest, slots: slotStates(x.auth, secrets) };
}

/** The source's values for the slots it filled, merged with what was typed for the others. */
export function mergeSecrets(slots: SlotState[], fromSource: Record<string, string>, typed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(slots.map((s) => [s.slot, s.found ? (fromSource[s.slot] ?? '') : (typed[s.slot] ?? '')]));
}

/** The origin of an http(s) URL (a profile is bound to it), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `profiles.create` request for a draft with its `{name}` placeholders filled in, secrets still to add.
 * @returns the request, or a message naming what to fix
 */
export function draftCreateRequest(
  draft: DraftView,
  fields: { name: string; baseUrl: string; values: Record<string, string> },
): { ok: true; request: Omit<RequestOf<'profiles.create'>, 'secrets'> } | { ok: false; message: string } {
  const missing = draft.placeholders.find((n) => !fields.values[n]?.trim());
  if (missing) return { ok: false, message: `Enter the ${missing}.` };
  const values = Object.fromEntries(Object.entries(fields.values).map(([k, v]) => [k, v.trim()]));
  const auth = authSchema.safeParse(fillPlaceholders(draft.auth, values));
  if (!auth.success) {
    const issue = auth.error.issues[0];
    return { ok: false, message: `The ${issue?.path.join('.') || 'auth'} is not valid: ${issue?.message ?? 'check the values'}.` };
  }
  const baseUrl = fields.baseUrl.trim();
  return { ok: true, request: { name: fields.name.trim(), clientType: draft.clientType, auth: auth.data, ...(baseUrl ? { baseUrl } : {}) } };
}

/**
 * Parses JSON text for an importer, with a message a person can act on.
 * @throws Error naming what the text is meant to be
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The ${what} is not valid JSON. Paste the exported .json file's content, or choose the file.`);
  }
}
