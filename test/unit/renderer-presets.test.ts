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
  it('finds every preset by the presetId of the profile it creates, and by shape for a profile without one', () => {
    for (const p of PRESETS) {
      const request = presetCreateRequest(p, p.name, validParams(p), {});
      expect(request.presetId).toBe(p.id);
      for (const presetId of [request.presetId, null]) {
        const match = presetOf({ presetId, baseUrl: request.baseUrl ?? null, auth: request.auth });
        expect(match?.preset.id, p.id).toBe(p.id);
        expect(match?.revokeUrl, p.id).toMatch(/^https:\/\/[^{}]+$/);
        expect(match?.keysUrl, p.id).toMatch(/^https:\/\/[^{}]+$/);
      }
    }
  });

  it('by presetId, keeps the links an edited profile still gives values for; an unknown id matches nothing', () => {
    const zoho = PRESETS.find((p) => p.id === 'zoho-crm')!;
    const request = presetCreateRequest(zoho, 'Zoho', { accounts_server: 'accounts.zoho.eu', client_id: '1000.ABC' }, { client_secret: 's' });
    // The base URL moved off the preset's shape: by shape the profile is no longer recognised, by id it is.
    const edited = { presetId: 'zoho-crm', baseUrl: 'https://crm.internal.example', auth: request.auth };
    expect(presetOf({ ...edited, presetId: null })).toBeNull();
    expect(presetOf(edited)).toMatchObject({ revokeUrl: 'https://accounts.zoho.eu/home#sessions/userconnectedapps', keysUrl: 'https://api-console.zoho.eu/' });
    expect(presetOf({ ...edited, presetId: 'no-such-preset' })).toBeNull();
  });

  it('tells Twilio presets apart by the SID pattern and matches nothing for a profile of its own', () => {
    const basic = (username: string) => ({ presetId: null, baseUrl: 'https://api.twilio.com', auth: { scheme: 'basic' as const, username } });
    expect(presetOf(basic('AC0123456789abcdef0123456789abcdef'))?.preset.id).toBe('twilio');
    expect(presetOf(basic('SK0123456789abcdef0123456789abcdef'))?.preset.id).toBe('twilio-api-key');
    expect(presetOf({ presetId: null, baseUrl: 'http://127.0.0.1:4000', auth: { scheme: 'basic', username: 'demo' } })).toBeNull();
    expect(presetOf({ presetId: null, baseUrl: 'https://api.github.com', auth: { scheme: 'basic', username: 'demo' } })).toBeNull();
  });

  it('fills region-dependent links from the chosen value, and reads the Datadog site back for the revoke link', () => {
    const datadog = PRESETS.find((p) => p.id === 'datadog')!;
    expect(presetUrl(datadog, datadog.keysUrl, { site: 'datadoghq.eu' })).toBe('https://app.datadoghq.eu/organization-settings/api-keys');
    const request = presetCreateRequest(datadog, 'Datadog', { site: 'us5.datadoghq.com' }, { key0: 'a', key1: 'b' });
    expect(request.verify).toEqual({ method: 'GET', target: '/api/v2/validate_keys' });
    expect(presetOf({ presetId: request.presetId, baseUrl: request.baseUrl ?? null, auth: request.auth })?.revokeUrl).toBe('https://us5.datadoghq.com/organization-settings/api-keys');
  });

  it('keeps the verify request when the preset\'s headers travel with the profile (Notion), leaves out one with a body', () => {
    const notion = PRESETS.find((p) => p.id === 'notion')!;
    const request = presetCreateRequest(notion, 'Notion', initialParams(notion), { token: 't' });
    expect(request).toMatchObject({ verify: { method: 'GET', target: '/v1/users/me' }, headers: [['Notion-Version', '2022-06-28']], presetId: 'notion' });
    const mongo = PRESETS.find((p) => p.id === 'mongodb-data-api')!;
    expect(presetCreateRequest(mongo, 'Mongo', validParams(mongo), { key0: 'k' }).verify).toBeUndefined();
  });
});
