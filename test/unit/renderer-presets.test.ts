import { describe, expect, it } from 'vitest';
import { PRESETS, type Preset } from '../../shared/presets';
import { initialParams, paramProblem, presetCreateRequest, presetUrl } from '../../renderer/src/lib/preset-form';
import { presetOf } from '../../renderer/src/lib/preset-match';

/** Values that satisfy every param of a preset: defaults and first choices, else the example, else a safe word. */
function validParams(p: Preset): Record<string, string> {
  const params = initialParams(p);
  for (const q of p.params ?? []) {
    if (params[q.id]) continue;
    const example = q.example?.split(' ')[0]?.replace(/…$/, '') ?? '';
    params[q.id] = example && paramProblem(q, example) === null ? example : 'acme';
  }
  return params;
}

describe('renderer preset helpers', () => {
  it('recognises every preset from the profile it creates, with a revoke link free of placeholders', () => {
    for (const p of PRESETS) {
      const request = presetCreateRequest(p, p.name, validParams(p), {});
      const match = presetOf({ baseUrl: request.baseUrl ?? null, auth: request.auth });
      expect(match?.preset.id, p.id).toBe(p.id);
      expect(match?.revokeUrl, p.id).toMatch(/^https:\/\/[^{}]+$/);
    }
  });

  it('tells Twilio presets apart by the SID pattern and matches nothing for a profile of its own', () => {
    const basic = (username: string) => ({ baseUrl: 'https://api.twilio.com', auth: { scheme: 'basic' as const, username } });
    expect(presetOf(basic('AC0123456789abcdef0123456789abcdef'))?.preset.id).toBe('twilio');
    expect(presetOf(basic('SK0123456789abcdef0123456789abcdef'))?.preset.id).toBe('twilio-api-key');
    expect(presetOf({ baseUrl: 'http://127.0.0.1:4000', auth: { scheme: 'basic', username: 'demo' } })).toBeNull();
    expect(presetOf({ baseUrl: 'https://api.github.com', auth: { scheme: 'basic', username: 'demo' } })).toBeNull();
  });

  it('fills region-dependent links from the chosen value, and reads the Datadog site back for the revoke link', () => {
    const datadog = PRESETS.find((p) => p.id === 'datadog')!;
    expect(presetUrl(datadog, datadog.keysUrl, { site: 'datadoghq.eu' })).toBe('https://app.datadoghq.eu/organization-settings/api-keys');
    const request = presetCreateRequest(datadog, 'Datadog', { site: 'us5.datadoghq.com' }, { key0: 'a', key1: 'b' });
    expect(request.verify).toEqual({ method: 'GET', target: '/api/v2/validate_keys' });
    expect(presetOf({ baseUrl: request.baseUrl ?? null, auth: request.auth })?.revokeUrl).toBe('https://us5.datadoghq.com/organization-settings/api-keys');
  });

  it('leaves out a verify request the contract cannot carry (Notion needs its Notion-Version header)', () => {
    const notion = PRESETS.find((p) => p.id === 'notion')!;
    expect(presetCreateRequest(notion, 'Notion', initialParams(notion), { token: 't' }).verify).toBeUndefined();
  });
});
