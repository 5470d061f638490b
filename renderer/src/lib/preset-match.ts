import type { ProfileView } from '../../../shared/contract';
import { fillPlaceholders, placeholdersIn } from '../../../shared/placeholders';
import { PRESETS, type Preset } from '../../../shared/presets';
import { paramProblem } from './preset-form';

/**
 * Finds the provider preset a saved profile was made from and fills its keys and revoke links. A profile records its
 * `presetId`; one made before that was recorded is recognised by shape: every string of the preset's base URL and auth,
 * read as a template (`{name}` = one value without `/`), must match the profile's, every other value must be equal,
 * and the values read must be ones the preset's params allow (a Twilio Account SID starts with AC). The values read
 * fill the links' placeholders.
 */

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches one template string against a value, adding the `{name}` values to `out`; false when it does not fit. */
function matchString(template: string, value: string, out: Record<string, string>): boolean {
  const names = placeholdersIn(template);
  if (names.length === 0) return template === value;
  const pattern = template.split(/(\{[a-z][a-z0-9_]*\})/).map((part) => (/^\{[a-z][a-z0-9_]*\}$/.test(part) ? '([^/?#]+)' : escape(part)));
  const m = new RegExp(`^${pattern.join('')}$`).exec(value);
  if (!m) return false;
  const order = [...template.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((x) => x[1]!);
  for (const [i, name] of order.entries()) {
    if (out[name] !== undefined && out[name] !== m[i + 1]) return false;
    out[name] = m[i + 1]!;
  }
  return true;
}

/** Walks a template and a value together: objects by the template's keys, arrays item by item. */
function matchValue(template: unknown, value: unknown, out: Record<string, string>): boolean {
  if (typeof template === 'string') return typeof value === 'string' && matchString(template, value, out);
  if (Array.isArray(template)) return Array.isArray(value) && template.length === value.length && template.every((t, i) => matchValue(t, value[i], out));
  if (template && typeof template === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(template).every(([k, t]) => matchValue(t, (value as Record<string, unknown>)[k], out));
  }
  return template === value;
}

/** Whether values read from a profile are ones the preset allows: each param valid, each derived value from a choice. */
function allowed(preset: Preset, values: Record<string, string>): boolean {
  const params = preset.params ?? [];
  return Object.entries(values).every(([name, value]) => {
    const param = params.find((p) => p.id === name);
    if (param) return paramProblem(param, value) === null;
    return params.some((p) => p.choices?.some((c) => c.also?.[name] === value));
  });
}

/** The values that follow from a choice (Zoho's API host from its accounts server, and back). */
function withChoices(preset: Preset, values: Record<string, string>): Record<string, string> {
  const out = { ...values };
  for (const p of preset.params ?? []) {
    const choice = p.choices?.find((c) => c.value === out[p.id] || (c.also && Object.entries(c.also).some(([k, v]) => out[k] === v)));
    if (choice) Object.assign(out, choice.also, { [p.id]: choice.value });
  }
  return out;
}

/** The placeholder values `value` gives `template` when it fits the preset (allowed values only), else null. */
function read(preset: Preset, template: unknown, value: unknown): Record<string, string> | null {
  const out: Record<string, string> = {};
  return matchValue(template, value, out) && allowed(preset, out) ? out : null;
}

/** A preset page with the values known filled in, or null while one it needs is unknown. */
function link(preset: Preset, url: string, values: Record<string, string>): string | null {
  const filled = fillPlaceholders(url, withChoices(preset, values));
  return placeholdersIn(filled).length ? null : filled;
}

export interface PresetMatch {
  preset: Preset;
  /** Where to revoke or rotate the profile's keys (or its OAuth client), or null when a value it needs is unknown. */
  revokeUrl: string | null;
  /** Where to create new keys or register the client, or null likewise. */
  keysUrl: string | null;
}

/**
 * The preset a profile was made from (by its `presetId`; by shape for older profiles) and its links. With a
 * `presetId`, values are read from whichever of the base URL and auth still fit the preset, so an edited base URL
 * keeps the links that do not need it. Null for an unknown id or a profile of the user's own.
 */
export function presetOf(profile: Pick<ProfileView, 'presetId' | 'baseUrl' | 'auth'>): PresetMatch | null {
  const found = (preset: Preset, values: Record<string, string>): PresetMatch => ({
    preset,
    revokeUrl: link(preset, preset.revokeUrl, values),
    keysUrl: link(preset, preset.keysUrl, values),
  });
  if (profile.presetId !== null) {
    const preset = PRESETS.find((p) => p.id === profile.presetId);
    return preset ? found(preset, { ...read(preset, preset.baseUrl, profile.baseUrl), ...read(preset, preset.auth, profile.auth) }) : null;
  }
  for (const preset of PRESETS) {
    const values = read(preset, [preset.baseUrl, preset.auth], [profile.baseUrl, profile.auth]);
    if (values) return found(preset, values);
  }
  return null;
}
