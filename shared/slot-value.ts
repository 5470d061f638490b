import type { LintWarning } from './lint';
import type { AuthConfig, SecretSlot } from './profile';
import { MIN_SECRET_LENGTH } from './redact';

/**
 * RFC 9110 §5.5: a header field value is visible ASCII, space and tab; anything else is obs-text that clients and
 * servers mangle differently (Node sends Latin-1 bytes and drops the rest).
 */
export const HEADER_FIELD_VALUE = /^[\t\x20-\x7e]*$/;

/** Why a credential cannot go into a header (the header named by `where`), in words; the value is never quoted. */
export const headerUnsafeMessage = (where: string): string =>
  `The credential for ${where} has characters an HTTP header cannot carry reliably: control characters or characters outside ASCII (RFC 9110 §5.5). Check the value, or place it in the query where it is percent-encoded.`;

/** Why a saved secret cannot go into its header, naming the field (never the value), with what the user can do. */
const unsafeSecret = (field: string, where: string, queryPossible: boolean): string =>
  `The ${field} has characters the ${where} cannot carry: control characters or characters outside ASCII (RFC 9110 §5.5). Check for a copy-and-paste slip${queryPossible ? ', or place the key in the query, where it is percent-encoded' : ''}.`;

/**
 * The problem with a secret slot's value that would make the profile's scheme refuse to send it, found when it is
 * saved rather than at the first send: a value that goes into a header as it is (a bearer token, an API key in a
 * header, with its prefix) holding characters a header cannot carry (RFC 9110 §5.5), or a Basic user-id with a colon
 * (RFC 7617 §2). Pure (the app's editor checks with it before saving, the engine when saving); the message names the
 * field as the editor labels it, never the value.
 * @param slot the slot name as `secretSlots(auth)` lists it (`token`, `key0`, `username`…)
 * @returns the message, or null when the value can be sent
 */
export function slotValueProblem(auth: AuthConfig, slot: string, value: string): string | null {
  if (auth.scheme === 'bearer' && slot === 'token') return HEADER_FIELD_VALUE.test(value) ? null : unsafeSecret('token', 'Authorization header', false);
  if (auth.scheme === 'basic' && slot === 'username' && value.includes(':')) return 'A Basic auth username cannot contain ":" (RFC 7617 §2). Check the username.';
  const index = auth.scheme === 'apikey' ? /^key(\d+)$/.exec(slot)?.[1] : undefined;
  const placement = index === undefined || auth.scheme !== 'apikey' ? undefined : auth.placements[Number(index)];
  if (placement?.in === 'header' && !HEADER_FIELD_VALUE.test(`${placement.prefix ?? ''}${value}`)) return unsafeSecret(`API key for header ${placement.name}`, `${placement.name} header`, true);
  return null;
}

/**
 * Warnings for secret values shorter than {@link MIN_SECRET_LENGTH} characters (an empty one aside): redaction cannot
 * tell so short a value from ordinary text, so where a server echoes it (in a body, a header of its own) it is shown
 * and stored as it is; where Authdesk sends it, it is still masked by name (Authorization, the key's own header or
 * parameter). Pure; the message names the field, never the value.
 * @param values slot → value, as typed (slots not given are not checked)
 */
export function shortSecretWarnings(slots: readonly SecretSlot[], values: Readonly<Record<string, string>>): LintWarning[] {
  return slots.flatMap(({ slot, label }) => {
    const length = values[slot]?.length ?? 0;
    if (length === 0 || length >= MIN_SECRET_LENGTH) return [];
    return [
      {
        code: 'secret-too-short-to-mask',
        message: `The ${label} is ${length} character${length === 1 ? '' : 's'} long: too short to be masked by value, so a server that echoes it has it shown and stored as it is (where Authdesk sends it, it is masked by name)`,
        rule: `redaction by value needs at least ${MIN_SECRET_LENGTH} characters`,
        fix: 'Use a longer secret where you can choose it.',
      },
    ];
  });
}
