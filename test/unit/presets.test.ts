import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholdersIn } from '../../shared/placeholders';
import { PRESETS, presetToProfileInput, presetValues, presetVerifyRequest, searchPresets } from '../../shared/presets';
import { authSchema, presetIdSchema, secretSlots } from '../../shared/profile';
import { SAMPLE_PARAMS } from '../helpers/preset-params';

const byId = (id: string) => PRESETS.find((p) => p.id === id)!;

describe('presets', () => {
  it('cover the providers Authdesk promises, with unique ids', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['salesforce', 'notion', 'notion-oauth', 'whatsapp', 'paypal', 'stripe', 'stripe-bearer', 'razorpay', 'mongodb-data-api', 'zoho-crm', 'datadog', 'meraki', 'pipedrive', 'pipedrive-oauth', 'twilio', 'github', 'github-oauth', 'github-app']) {
      expect(ids).toContain(id);
    }
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s: auth validates, placeholders are declared params, links are https', (_id, p) => {
    // Filled in first: a field with a strict format (the GitHub App's installation ID) holds a placeholder until then.
    expect(authSchema.safeParse(fillPlaceholders(p.auth, presetValues(p, SAMPLE_PARAMS))).success).toBe(true);
    const declared = new Set((p.params ?? []).flatMap((x) => [x.id, ...(x.choices ?? []).flatMap((c) => Object.keys(c.also ?? {}))]));
    for (const name of placeholdersIn([p.auth, p.baseUrl, p.verify, p.extraHeaders, p.keysUrl, p.revokeUrl])) expect(declared).toContain(name);
    for (const u of [p.docs, p.keysUrl, p.revokeUrl]) expect(u).toMatch(/^https:\/\//);
    const input = presetToProfileInput(p, { params: SAMPLE_PARAMS });
    expect(placeholdersIn(input)).toEqual([]);
    expect(input.presetId).toBe(p.id);
    expect(presetIdSchema.safeParse(p.id).success).toBe(true);
    expect(authSchema.parse(input.auth)).toEqual(input.auth);
    expect(input.baseUrl).toMatch(/^https:\/\//);
    expect(presetVerifyRequest(p, SAMPLE_PARAMS).url.startsWith(input.baseUrl)).toBe(true);
    for (const slot of Object.keys(p.fixedSecrets ?? {})) expect(secretSlots(input.auth).map((s) => s.slot)).toContain(slot);
  });

  it('Zoho: the region choice sets accounts server, API domain and console together; the prefix is Zoho-oauthtoken', () => {
    const input = presetToProfileInput(byId('zoho-crm'), { params: { accounts_server: 'accounts.zoho.com.au', client_id: '1000.X' } });
    expect(input.baseUrl).toBe('https://www.zohoapis.com.au');
    expect(input.auth).toMatchObject({ tokenEndpoint: 'https://accounts.zoho.com.au/oauth/v2/token', authorizationEndpoint: 'https://accounts.zoho.com.au/oauth/v2/auth', tokenPrefix: 'Zoho-oauthtoken' });
    expect(byId('zoho-crm').params![0]!.choices!.map((c) => c.value)).toEqual(expect.arrayContaining(['accounts.zoho.com', 'accounts.zoho.eu', 'accounts.zoho.in', 'accounts.zoho.com.au', 'accounts.zoho.jp']));
    expect(() => presetToProfileInput(byId('zoho-crm'), { params: { accounts_server: 'accounts.evil.example', client_id: 'x' } })).toThrow(/must be one of/);
  });

  it('PayPal: client credentials with client_secret_basic, sandbox by default, live on request', () => {
    const p = byId('paypal');
    expect(presetToProfileInput(p, { params: { client_id: 'abc' } }).auth).toMatchObject({ grant: 'client_credentials', tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpoint: 'https://api-m.sandbox.paypal.com/v1/oauth2/token' });
    expect(presetToProfileInput(p, { params: { client_id: 'abc', paypal_host: 'api-m.paypal.com' } }).auth).toMatchObject({ tokenEndpoint: 'https://api-m.paypal.com/v1/oauth2/token' });
  });

  it('a free value cannot reshape a URL, and a missing one is named', () => {
    expect(() => presetToProfileInput(byId('salesforce'), { params: { my_domain: 'evil.example/x#', client_id: 'c' } })).toThrow(/My Domain/);
    expect(() => presetToProfileInput(byId('pipedrive'), { params: { company_domain: 'a@b' } })).toThrow(/does not look right/);
    expect(() => presetToProfileInput(byId('razorpay'))).toThrow(/key_id/);
  });

  it('Stripe Basic: the key is a secret username, the password fixed empty', () => {
    const input = presetToProfileInput(byId('stripe'), { secrets: { username: 'sk_test_x' } });
    expect(input.auth).toEqual({ scheme: 'basic', username: null });
    expect(input.secrets).toEqual({ password: '', username: 'sk_test_x' });
  });

  it('Notion sends Notion-Version with every request (a profile header), and its OAuth token requests as JSON', () => {
    expect(presetToProfileInput(byId('notion')).headers).toEqual([['Notion-Version', '2022-06-28']]);
    const oauth = presetToProfileInput(byId('notion-oauth'), { params: { client_id: 'c', notion_version: '2025-09-03' } });
    expect(oauth.headers).toEqual([['Notion-Version', '2025-09-03']]);
    expect(oauth.auth).toMatchObject({ tokenEndpointAuthMethod: 'client_secret_basic', tokenRequestBody: 'json', tokenRequestHeaders: [['Notion-Version', '2025-09-03']] });
    expect(presetToProfileInput(byId('github')).headers).toEqual([['Accept', 'application/vnd.github+json'], ['X-GitHub-Api-Version', '2022-11-28']]);
    expect(presetToProfileInput(byId('stripe'), { secrets: { username: 'sk' } }).headers).toBeUndefined();
  });

  it('GitHub App: App JWT for an installation token on api.github.com, the private key the one secret, GitHub\'s headers', () => {
    const p = byId('github-app');
    const input = presetToProfileInput(p, { params: { github_app_id: '123456', installation_id: '78901234' }, secrets: { private_key: 'PEM' } });
    expect(input.auth).toMatchObject({ scheme: 'oauth2', grant: 'github_app', appId: '123456', installationId: '78901234', apiBase: 'https://api.github.com' });
    expect(secretSlots(input.auth).map((s) => s.slot)).toEqual(['private_key']);
    expect(input.headers).toEqual(presetToProfileInput(byId('github')).headers);
    expect(presetVerifyRequest(p, SAMPLE_PARAMS)).toEqual({ method: 'GET', url: 'https://api.github.com/installation/repositories' });
    expect(p.identityField).toBe('auth.clientId');
    expect(presetToProfileInput(p, { params: { github_app_id: 'Iv23liAbCdEf12345678', installation_id: '1' } }).auth).toMatchObject({ appId: 'Iv23liAbCdEf12345678' });
    expect(() => presetToProfileInput(p, { params: { github_app_id: '123456', installation_id: '12/../x' } })).toThrow(/Installation ID "12\/\.\.\/x" does not look right/);
    expect(() => presetToProfileInput(p, { params: { github_app_id: 'my-app', installation_id: '1' } })).toThrow(/GitHub App client ID/);
  });

  it('Datadog sends both keys; MongoDB Data API is marked end of life', () => {
    expect(byId('datadog').auth).toEqual({ scheme: 'apikey', placements: [{ in: 'header', name: 'DD-API-KEY' }, { in: 'header', name: 'DD-APPLICATION-KEY' }] });
    expect(byId('mongodb-data-api').endOfLife).toBe('2025-09-30');
  });

  it('searchPresets matches every word, case-insensitively', () => {
    expect(searchPresets('zoho').map((p) => p.id)).toEqual(['zoho-crm', 'zoho-crm-token']);
    expect(searchPresets('GITHUB oauth2').map((p) => p.id)).toEqual(['github-oauth', 'github-app']);
    expect(searchPresets('github installation').map((p) => p.id)).toEqual(['github-app']);
    expect(searchPresets('')).toHaveLength(PRESETS.length);
  });
});
