import { expect, test } from './harness';

/**
 * An OpenAPI document's drafts carry the API's title and the scheme in words, and its openIdConnect scheme keeps the
 * issuer from openIdConnectUrl: Discover fills in the endpoints, so the person types only the client_id.
 */
test('an openIdConnect draft is named after the API and its endpoints come from discovery', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  const doc = {
    openapi: '3.0.3',
    info: { title: 'Sandbox API', version: '1' },
    servers: [{ url: baseUrl }],
    components: { securitySchemes: { oidc: { type: 'openIdConnect', openIdConnectUrl: `${baseUrl}/.well-known/openid-configuration` }, b: { type: 'http', scheme: 'bearer' } } },
    security: [{ oidc: [] }, { b: [] }],
    paths: {},
  };
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await page.getByRole('tab', { name: 'OpenAPI' }).click();
  const panel = page.locator('#panel-openapi');
  await panel.getByLabel('OpenAPI document (JSON or YAML)').fill(JSON.stringify(doc));

  const drafts = panel.locator('.draft-card');
  await expect(drafts.locator('h4')).toHaveText(['Sandbox API (OpenID Connect)', 'Sandbox API (bearer token)']);
  const oidc = drafts.nth(0);
  await expect(oidc.getByLabel('Issuer')).toHaveValue(baseUrl);
  await oidc.getByRole('button', { name: 'Discover' }).click();
  await expect(oidc.getByLabel('Token endpoint (token_endpoint)')).toHaveValue(`${baseUrl}/oauth/token`);
  await expect(oidc.getByLabel('Authorization endpoint (authorization_endpoint)')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/.+/);
  await oidc.getByLabel('Client ID (client_id)').fill('sandbox-public');
  await oidc.getByRole('button', { name: 'Create profile' }).click();
  await expect(oidc.getByRole('status')).toContainText('Created Sandbox API (OpenID Connect)');
});
