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
  await other.close();

  const token = page.getByRole('region', { name: 'Access token obtained' });
  await expect(token.getByText('Source').locator('xpath=following-sibling::dd[1]')).toHaveText('fetched from the token endpoint', { timeout: 15_000 });
  await expect(token.getByText('Refresh token held').locator('xpath=following-sibling::dd[1]')).toHaveText('yes');
  await expect(code).toHaveCount(0);
});
