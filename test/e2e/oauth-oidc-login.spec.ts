import { startOidcProvider } from '../helpers/oidc';
import { expect, screenshot, test } from './harness';

/**
 * Sign-in with the authorization code grant + PKCE against a real OpenID provider (panva's oidc-provider): the
 * profile is made with Discover as a public client, Sign in opens the "system browser" (another tab), the person
 * logs in and consents on the provider's own pages, the loopback callback completes, and Authdesk shows what it
 * holds (a refresh token, never its value).
 */
test('OAuth authorization code sign-in against a real OpenID provider', async ({ authdesk }) => {
  const { page } = authdesk;
  const op = await startOidcProvider();
  try {
    await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
    await page.getByLabel('Name', { exact: true }).fill('My IdP');
    await page.getByLabel('Authentication scheme').selectOption({ label: 'OAuth 2.0' });
    await page.getByLabel('Grant').selectOption('authorization_code');
    await expect(page.getByRole('radio', { name: /Public/ })).toBeChecked();
    await expect(page.getByLabel('Client authentication')).toHaveValue('none');
    await expect(page.getByLabel('Client secret')).toHaveCount(0);
    // A person who insists on a secret for a public client is told why it would not be secret, then goes back.
    await page.getByLabel('Client authentication').selectOption('client_secret_basic');
    await expect(page.getByRole('note').filter({ hasText: 'cannot keep a client_secret' })).toBeVisible();
    await expect(page.getByLabel('Client secret')).toHaveAttribute('type', 'password');
    await page.getByLabel('Client authentication').selectOption('none');
    await expect(page.getByRole('note')).toHaveCount(0);

    await page.getByLabel('Issuer').fill(op.issuer);
    await page.getByRole('button', { name: 'Discover' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Endpoints filled in from' })).toContainText(
      new RegExp(`${op.issuer}/\\.well-known/(oauth-authorization-server|openid-configuration)`),
    );
    await expect(page.getByLabel('Authorization endpoint')).toHaveValue(`${op.issuer}/auth`);
    await expect(page.getByLabel('Require iss in the sign-in response')).toBeChecked();
    await page.getByLabel('Client ID').fill('desktop');
    await page.getByLabel('Scope (optional)').fill('openid offline_access');
    await screenshot(page, '10-oauth-code-editor');
    await page.getByRole('button', { name: 'Save profile' }).click();

    await expect(page.getByRole('tab', { name: 'Profile: My IdP' })).toHaveAttribute('aria-selected', 'true');
    const browserTab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Waiting for you to sign in in your browser…')).toBeVisible();
    await expect(page.getByLabel('If no browser tab opened, open this link yourself')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/auth\?.*code_challenge_method=S256/);
    await screenshot(page, '10-oauth-code-waiting');

    const tab = await browserTab;
    await tab.waitForLoadState();
    await tab.getByPlaceholder('Enter any login').fill('ada');
    await tab.getByPlaceholder('and password').fill('any password');
    await screenshot(tab, '10-oauth-code-provider-login');
    await tab.getByRole('button', { name: 'Sign-in' }).click();
    await tab.getByRole('button', { name: 'Continue' }).click();
    await expect(tab.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    await tab.close();

    const token = page.getByRole('region', { name: 'Access token obtained' });
    await expect(token.getByText('Refresh token held').locator('xpath=following-sibling::dd[1]')).toHaveText('yes');
    await expect(token.getByText('Source').locator('xpath=following-sibling::dd[1]')).toHaveText('fetched from the token endpoint');
    await expect(token.getByText('Scope', { exact: true }).locator('xpath=following-sibling::dd[1]')).toContainText('openid');
    await expect(page.getByText('Waiting for you to sign in in your browser…')).toHaveCount(0);
    await screenshot(page, '10-oauth-code-signed-in');

    await page.getByRole('button', { name: 'Revoke tokens' }).click();
    await expect(page.locator('.revoke-notes')).toContainText('refresh_token');
    await expect(token).toHaveCount(0);
  } finally {
    await op.close();
  }
});
