import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

const CLIENT_SECRET = 'sandbox-client-secret-42';

/**
 * A client-credentials OAuth profile for the sandbox, made through the UI with Discover: the first send fetches a
 * token, the second reuses it, and the client secret never reaches the data directory or the window (the
 * sandbox.start reply, which shows the demo credentials on purpose, excepted).
 */
test('OAuth client credentials against the sandbox: fetched, then from cache, and no secret leaks', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  await expect(page.getByText('OAuth server client', { exact: true })).toBeVisible();
  await screenshot(page, '10-oauth-sandbox-panel');

  await page.getByRole('button', { name: 'Create an OAuth client-credentials profile' }).click();
  await expect(page.getByRole('heading', { name: 'New profile' })).toBeVisible();
  await expect(page.getByLabel('Authentication scheme')).toHaveValue('oauth2');
  await expect(page.getByLabel('Issuer')).toHaveValue(baseUrl);
  // The prefill discovers on its own; press Discover again as a person checking it would.
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByText(`Endpoints filled in from ${baseUrl}/.well-known/oauth-authorization-server`)).toBeVisible();
  await expect(page.getByLabel('Token endpoint')).toHaveValue(`${baseUrl}/oauth/token`);
  await expect(page.getByLabel('Revocation endpoint (optional)')).toHaveValue(`${baseUrl}/oauth/revoke`);
  await expect(page.getByLabel('Client ID')).toHaveValue('sandbox-service');
  await expect(page.getByLabel('Client secret')).toHaveAttribute('type', 'password');
  await expect(page.getByLabel('Client authentication')).toHaveValue('client_secret_basic');
  await screenshot(page, '10-oauth-cc-editor');
  await page.getByRole('button', { name: 'Save profile' }).click();

  const url = page.getByLabel('URL', { exact: true });
  await expect(url).toHaveValue(`${baseUrl}/bearer`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  const steps = page.getByRole('region', { name: 'Auth steps' });
  await expect(steps).toContainText('access token fetched with client_credentials');
  // The answer names what worked: an OAuth access token issued to this client, not the static demo bearer token.
  await expect(page.getByRole('region', { name: 'Response body' })).toContainText('Your OAuth access token (issued to the OAuth client sandbox-service, scope');
  await screenshot(page, '10-oauth-cc-fetched');

  await page.getByRole('button', { name: 'Send' }).click();
  await expect(steps).toContainText('access token from cache');
  await expect(steps).not.toContainText('fetched');
  await expect(page.locator('.status-line .status-pill')).toHaveText(/^200\b/);

  await page.getByRole('tab', { name: /Profile: Sandbox \(OAuth client credentials\)/ }).click();
  await page.getByRole('button', { name: 'Get token' }).click();
  const token = page.getByRole('region', { name: 'Access token obtained' });
  await expect(token.getByText('Source').locator('xpath=following-sibling::dd[1]')).toHaveText('from the cache (still valid)');
  await expect(token.getByText('Refresh token held').locator('xpath=following-sibling::dd[1]')).toHaveText('no');
  // The time left counts down while the view is open.
  const expires = token.getByText('Expires').locator('xpath=following-sibling::dd[1]');
  await expect(expires).toContainText(/\(in \d+ (min \d+ )?s\)$/);
  await expect(expires).not.toHaveText((await expires.textContent()) ?? '', { timeout: 5_000 });
  await page.getByRole('button', { name: 'Revoke tokens' }).click();
  await expect(page.locator('.revoke-notes')).toContainText('access_token');
  await screenshot(page, '10-oauth-cc-profile');
  // A second Revoke has nothing to revoke, and says just that.
  await page.getByRole('button', { name: 'Revoke tokens' }).click();
  await expect(page.locator('.revoke').getByRole('status')).toHaveText('No token was held for this profile: there was nothing to revoke.');
  await expect(page.locator('.revoke-notes')).toHaveCount(0);

  expect(await scanPaths([authdesk.home], [CLIENT_SECRET], ['sandbox-service'])).toEqual([]);
  expect(findLeaks(authdesk.receivedText(), [CLIENT_SECRET], ['sandbox-service'])).toEqual([]);
});
