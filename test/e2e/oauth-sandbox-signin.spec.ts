import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { KeytarStore } from '../../electron/engine/keychain';
import { Vault } from '../../electron/engine/vault';
import { REFRESH_REJECTED } from '../../shared/oauth';
import { expect, screenshot, test, type Authdesk } from './harness';

/** Opens the sandbox and creates its prefilled public sign-in profile, optionally switching it to another grant. */
async function createSandboxSignIn({ page }: Authdesk, grant?: 'device_code'): Promise<string> {
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  await page.getByRole('button', { name: 'Create an OAuth sign-in (authorization code) profile' }).click();
  await expect(page.getByLabel('Token endpoint')).toHaveValue(`${baseUrl}/oauth/token`);
  if (grant) await page.getByLabel('Grant').selectOption(grant);
  await expect(page.getByLabel('Client authentication')).toHaveValue('none');
  await expect(page.getByLabel('Client secret')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: / })).toHaveAttribute('aria-selected', 'true');
  return baseUrl;
}

test('a send on a sign-in profile runs the browser sign-in and shows its progress', async ({ authdesk }) => {
  const { page } = authdesk;
  const baseUrl = await createSandboxSignIn(authdesk);
  await page.getByRole('tab', { name: 'Request' }).click();
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue(`${baseUrl}/bearer`);

  const browserTab = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Send' }).click();
  const pane = page.locator('#panel-request');
  await expect(pane.getByText('Waiting for you to sign in in your browser…')).toBeVisible();
  await screenshot(page, '10-oauth-send-waiting');

  const tab = await browserTab;
  await tab.getByRole('button', { name: 'Approve' }).click();
  await expect(tab.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await tab.close();

  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(pane.getByRole('region', { name: 'Auth steps' })).toContainText('access token fetched with authorization_code');
  await expect(pane.getByText('Waiting for you to sign in in your browser…')).toHaveCount(0);
});

test('device code sign-in: the user code is shown, approved on the verification page', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxSignIn(authdesk, 'device_code');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(code).toBeVisible();
  await expect(page.getByText(/^Waiting for approval \(polling every \d+ s\)…$/)).toBeVisible();
  const verificationUri = await page.getByLabel('Verification page').inputValue();
  await screenshot(page, '10-oauth-device-code');

  const other = await page.context().newPage();
  await other.goto(verificationUri);
  await other.getByLabel('Code').fill((await code.textContent()) ?? '');
  await other.getByRole('button', { name: 'Approve' }).click();
  // The approval's answer first: closing the tab while its form is still posting hung page.close() in CI.
  await expect(other.getByText('Device approved')).toBeVisible();
  await other.close();

  const token = page.getByRole('region', { name: 'Access token obtained' });
  await expect(token.getByText('Source').locator('xpath=following-sibling::dd[1]')).toHaveText('fetched from the token endpoint', { timeout: 15_000 });
  await expect(token.getByText('Refresh token held').locator('xpath=following-sibling::dd[1]')).toHaveText('yes');
  await expect(code).toHaveCount(0);
});

/**
 * The device code screen for people who cannot see it or type it in: the code is said in the live region that was
 * there before the sign-in began, it can be copied with one button, the expiry counts down, and Escape cancels.
 */
test('device code sign-in: the code is announced and copyable, the expiry counts down, Escape cancels', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await createSandboxSignIn(authdesk, 'device_code');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = (await page.getByText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/).textContent()) ?? '';
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(page.locator('#panel-profile .live-status')).toHaveText(`Enter the code ${code} on the verification page, then approve.`);
  await page.getByRole('button', { name: 'Copy code' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  const expiry = page.locator('.device-code .hint');
  await expect(expiry).toContainText(/The code expires in \d+ min \d+ s/);
  const first = await expiry.textContent();
  await expect(expiry).not.toHaveText(first ?? '', { timeout: 5_000 }); // it counts down
  await screenshot(page, '73-oauth-device-code-copy');
  await page.getByRole('button', { name: 'Copied' }).press('Escape');
  await expect(page.getByRole('region', { name: 'Sign-in progress' })).toHaveCount(0);
  await expect(page.getByText('The sign-in was cancelled.')).toBeVisible();
});

/**
 * A refresh token the authorization server no longer accepts (revoked there: another device, an admin): the next
 * sign-in says why before the person is sent to the browser, in the panel and in the live region.
 */
test('a refresh token revoked at the server: the new sign-in says why first', async ({ authdesk }) => {
  const { page, home } = authdesk;
  const baseUrl = await createSandboxSignIn(authdesk);
  await page.getByRole('tab', { name: 'Request' }).click();
  const pane = page.locator('#panel-request');
  const approveNextTab = async () => {
    const tab = await page.context().waitForEvent('page');
    await tab.getByRole('button', { name: 'Approve' }).click();
    await expect(tab.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    await tab.close();
  };
  const signedIn = approveNextTab();
  await page.getByRole('button', { name: 'Send' }).click();
  await signedIn;
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);

  // Revoked at the server (RFC 7009): the refresh token and the access tokens of its grant.
  const [file] = (await readdir(path.join(home, 'profiles'))).filter((f) => f.endsWith('.json'));
  const id = file!.replace(/\.json$/, '');
  const refreshToken = await new Vault(new KeytarStore()).resolve({ source: 'keychain', account: `profile/${id}/refresh_token` }, { id, name: 'x' }, { slot: 'refresh_token', label: 'refresh token', mayBeEmpty: false });
  const revoked = await fetch(`${baseUrl}/oauth/revoke`, { method: 'POST', body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: 'sandbox-desktop' }) });
  expect(revoked.status).toBe(200);

  // The refused access token is dropped; the send after it refreshes, is refused, and signs in again.
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^401\b/);
  const again = approveNextTab();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(pane.getByRole('region', { name: 'Sign-in progress' })).toContainText(`Sign in again: ${REFRESH_REJECTED}.`);
  await expect(pane.locator('.live-status')).toContainText(`Sign in again: ${REFRESH_REJECTED}.`);
  await screenshot(page, '74-oauth-sign-in-again');
  await again;
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(pane.getByRole('region', { name: 'Auth steps' })).toContainText(REFRESH_REJECTED);
});
