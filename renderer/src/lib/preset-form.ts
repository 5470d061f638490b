import { fillPlaceholders, placeholdersIn } from '../../../shared/placeholders';
import { presetToProfileInput, presetVerifyRequest, SAFE_VALUE, type Preset, type PresetParam, type PresetProfileInput } from '../../../shared/presets';
import { secretSlots, verifyRequestSchema, type SecretSlot, type VerifyRequest } from '../../../shared/profile';

/** The "Add from a provider" form's logic (pure, no React): param values and their checks, links, the create request. */

/** The values a preset's form starts with: each param's default, else its first choice, else empty. */
export function initialParams(preset: Preset): Record<string, string> {
  return Object.fromEntries((preset.params ?? []).map((p) => [p.id, p.default ?? p.choices?.[0]?.value ?? '']));
}

/** What is wrong with one param value, in words, or null: a free value must match the param's pattern. */
export function paramProblem(param: PresetParam, value: string): string | null {
  if (param.choices) return param.choices.some((c) => c.value === value) ? null : `Choose one of the listed ${param.label}.`;
  if (value === '') return `Enter the ${param.label}${param.example ? ` (e.g. ${param.example})` : ''}.`;
  if (!new RegExp(`^(?:${param.pattern ?? SAFE_VALUE})$`).test(value)) {
    return `This does not look like a ${param.label}${param.example ? `: expected something like ${param.example}` : ''}.`;
  }
  return null;
}

/** The placeholder values known so far: every choice (with what follows from it) and each free value that is valid. */
function knownValues(preset: Preset, params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of preset.params ?? []) {
    const value = params[p.id] ?? '';
    if (p.choices) {
      const choice = p.choices.find((c) => c.value === value) ?? p.choices.find((c) => c.value === p.default) ?? p.choices[0];
      if (choice) Object.assign(out, choice.also, { [p.id]: choice.value });
    } else if (paramProblem(p, value) === null) out[p.id] = value;
  }
  return out;
}

/** A preset URL (base URL, keys page) with the values known so far filled in, or null while one it needs is unknown. */
export function presetUrl(preset: Preset, url: string, params: Record<string, string>): string | null {
  const filled = fillPlaceholders(url, knownValues(preset, params));
  return placeholdersIn(filled).length ? null : filled;
}

/** The secret slots a person fills for a preset: its auth's slots minus the ones the provider fixes (Stripe's empty password). */
export function presetSecretSlots(preset: Preset): SecretSlot[] {
  return secretSlots(preset.auth).filter((s) => !Object.hasOwn(preset.fixedSecrets ?? {}, s.slot));
}

/**
 * The `profiles.create` request for a preset (its id, headers and auth filled in), with its verify request when the
 * contract can carry it: a GET, HEAD or POST with no body (the MongoDB Data API's findOne body cannot be part of a
 * verify). The preset's headers (Notion-Version) are the profile's, so they go with the verify request too.
 * @throws Error with a readable message when a param is missing or not allowed
 */
export function presetCreateRequest(
  preset: Preset,
  name: string,
  params: Record<string, string>,
  secrets: Record<string, string>,
): PresetProfileInput & { secrets: Record<string, string>; verify?: VerifyRequest } {
  const input = presetToProfileInput(preset, { name, params, secrets });
  const first = presetVerifyRequest(preset, params);
  // The engine resolves a verify target against the base URL (new URL(target, base)): a path is exact only on a bare origin.
  const origin = new URL(input.baseUrl).origin;
  const target = first.url.startsWith(`${origin}/`) && input.baseUrl.replace(/\/+$/, '') === origin ? first.url.slice(origin.length) : first.url;
  const verify = verifyRequestSchema.safeParse({ method: first.method, target });
  return { ...input, secrets: input.secrets ?? {}, ...(verify.success && first.body === undefined ? { verify: verify.data } : {}) };
}
