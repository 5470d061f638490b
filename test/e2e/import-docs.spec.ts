import { findLeaks } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

/** An OpenAPI document with one AND requirement and one alternative: both explained, both drafted, one created. */
const openapi = {
  openapi: '3.1.0',
  info: { title: 'Orders', version: '1' },
  servers: [{ url: 'https://api.orders.example' }],
  components: {
    securitySchemes: {
      apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      appKey: { type: 'apiKey', in: 'query', name: 'app_key' },
      oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.orders.example/token', scopes: { 'orders:read': 'read orders' } } } },
    },
  },
  security: [{ apiKeyHeader: [], appKey: [] }, { oauth: ['orders:read'] }],
  paths: {},
};

test('an OpenAPI file explains AND/OR and drafts profiles to complete', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await page.getByRole('tab', { name: 'OpenAPI' }).click();
  const panel = page.locator('#panel-openapi');
  await panel.getByLabel('Or choose a file').setInputFiles({ name: 'orders.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(openapi, null, 2)) });

  const alternatives = panel.getByRole('region', { name: 'How this API accepts credentials' });
  await expect(alternatives.getByRole('listitem')).toHaveText(['apiKeyHeader and appKey', 'or oauth']);
  const drafts = panel.locator('.draft-card');
  await expect(drafts).toHaveCount(2);
  await expect(drafts.nth(0)).toContainText('API key in header X-API-Key and query app_key');
  await expect(drafts.nth(1)).toContainText('OAuth 2.0');

  const oauth = drafts.nth(1);
  await oauth.getByRole('button', { name: 'Create profile' }).click();
  await expect(oauth.getByRole('alert')).toHaveText('Enter the client_id.');
  await oauth.getByLabel('Client ID (client_id)', { exact: true }).fill('orders-service');
  await oauth.getByLabel('client_secret', { exact: true }).fill('e2e-orders-client-secret-71b2');
  await screenshot(page, '32-import-openapi');
  await oauth.getByRole('button', { name: 'Create profile' }).click();
  await expect(oauth.getByRole('status')).toContainText('Created Orders (OAuth 2.0)');
  await expect(page.getByRole('navigation', { name: 'Profiles' })).toContainText('Orders (OAuth 2.0)');
  await expect(drafts.nth(0).getByRole('button', { name: 'Create profile' })).toBeVisible();
  expect(findLeaks(authdesk.receivedText([]), ['e2e-orders-client-secret-71b2'])).toEqual([]);
});

test('a Postman collection with its environment becomes a working profile', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  const password = 'authdesk-demo';
  const collection = {
    info: { name: 'Sandbox', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    auth: { type: 'basic', basic: [{ key: 'username', value: '{{user}}' }, { key: 'password', value: '{{pw}}' }] },
    item: [{ name: 'Who am I', request: { method: 'GET', url: '{{base}}/basic' } }],
  };
  const environment = { name: 'local', values: [{ key: 'user', value: 'demo', enabled: true }, { key: 'pw', value: password, enabled: true }, { key: 'base', value: baseUrl, enabled: true }] };

  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await page.getByRole('tab', { name: 'Postman collection' }).click();
  const panel = page.locator('#panel-postman');
  await panel.getByLabel('Postman collection (v2.1 JSON)').fill(JSON.stringify(collection));
  const warnings = panel.locator('.import-warnings li');
  await expect(warnings).toHaveText([
    '{{user}} has no value (used in Sandbox: username): fill in {user} on the profile below, or pass the environment that defines it.',
    '{{pw}} has no value (used in Sandbox: password): type the secret on the profile below, or pass the environment that defines it.',
    '{{base}} has no value (used in the URL of Who am I): enter the base URL yourself, or pass the environment that defines it.',
  ]);
  await expect(panel.getByLabel('user', { exact: true })).toBeVisible(); // a field to fill, not a bogus "{{user}}" username
  await expect(panel.getByLabel('Password', { exact: true })).toBeVisible();
  await screenshot(page, '46-import-postman-variables');
  await panel.getByLabel('Postman environment (optional)').fill(JSON.stringify(environment));
  await expect(panel.locator('.import-warnings')).toHaveCount(0);
  const card = panel.locator('.draft-card');
  await expect(card.getByRole('list', { name: 'Secrets found' })).toHaveText(/Password\s*••••/);
  await expect(card).not.toContainText(password);
  await card.getByRole('button', { name: 'Create profile' }).click();
  await expect(panel.getByLabel('Postman collection (v2.1 JSON)')).toHaveValue('');
  await card.getByRole('button', { name: 'Open it' }).click();

  const request = page.locator('#panel-request');
  await request.getByLabel('URL', { exact: true }).fill(`${baseUrl}/basic`);
  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  expect(findLeaks(authdesk.receivedText(), [password], ['demo'])).toEqual([]);
});

test('an OpenAPI document in YAML is read like JSON; a billion-laughs document is refused with a clear error', async ({ authdesk }) => {
  const { page } = authdesk;
  const yaml = [
    'openapi: 3.0.3',
    'info: { title: Orders, version: "1" }',
    'servers: [ { url: "https://api.orders.example" } ]',
    'components:',
    '  securitySchemes:',
    '    apiKeyHeader: &key { type: apiKey, in: header, name: X-API-Key }',
    '    appKey: { <<: *key, in: query, name: app_key }',
    'security:',
    '  - { apiKeyHeader: [], appKey: [] }',
    'paths: {}',
  ].join('\n');
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await page.getByRole('tab', { name: 'OpenAPI' }).click();
  const panel = page.locator('#panel-openapi');
  await panel.getByLabel('Or choose a file').setInputFiles({ name: 'orders.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
  await expect(panel.getByRole('region', { name: 'How this API accepts credentials' }).getByRole('listitem')).toHaveText(['apiKeyHeader and appKey']);
  await expect(panel.locator('.draft-card')).toContainText('API key in header X-API-Key and query app_key');

  const laughs = ['openapi: 3.0.0', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  await panel.getByLabel('OpenAPI document (JSON or YAML)').fill(laughs.join('\n'));
  await expect(panel.getByRole('alert')).toContainText('its anchors and aliases expand without bound (a "billion laughs" document)');
  await expect(panel.locator('.draft-card')).toHaveCount(0);
});
