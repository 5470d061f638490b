import { findLeaks } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

/**
 * A curl command pasted from docs becomes a Basic profile whose password went straight to the keychain: the preview
 * masks it, the Request pane is prefilled, the call gets a 200, and History's Copy as curl names the password only
 * as $AUTHDESK_PASSWORD. The command is typed in the window (that is the user's own text); no reply echoes it.
 */
test('a pasted curl command becomes a profile, a 200 and a safe curl export', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'The sandbox is running' })).toBeVisible();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  const port = new URL(baseUrl).port;
  const password = 'authdesk-demo';

  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('tab', { name: 'curl command' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Paste a curl command').fill(`curl -u 'demo:${password}' http://127.0.0.1:${port}/basic`);

  const preview = page.locator('.import-preview');
  await expect(preview).toContainText('Basic · username demo');
  await expect(preview).toContainText(`http://127.0.0.1:${port}`);
  const found = preview.getByRole('list', { name: 'Secrets found' }).getByRole('listitem');
  await expect(found).toHaveCount(1);
  await expect(found).toHaveText(/^Password\s*••••$/);
  await expect(preview).toContainText(`GET http://127.0.0.1:${port}/basic`);
  await expect(preview).not.toContainText(password);
  await expect(page.getByLabel('Profile name')).toHaveValue(`127.0.0.1:${port} (curl)`);
  await screenshot(page, '31-import-curl');
  await page.getByRole('button', { name: 'Create profile' }).click();

  const request = page.locator('#panel-request');
  await expect(page.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');
  await expect(request.getByLabel('Auth profile')).toHaveValue(/.+/);
  await expect(request.getByLabel('Auth profile').locator('option:checked')).toHaveText(`127.0.0.1:${port} (curl)`);
  await expect(request.getByLabel('URL', { exact: true })).toHaveValue(`${baseUrl}/basic`);
  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);

  await page.getByRole('tab', { name: /^Profile: / }).click();
  await expect(page.locator('#panel-profile .secret-status')).toHaveText(/^saved · fingerprint [0-9a-f]{8}/);

  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-row').first().click();
  await page.getByRole('button', { name: 'Copy as curl' }).click();
  const command = page.getByLabel('curl command for this request');
  await expect(command).toContainText('$AUTHDESK_PASSWORD');
  await expect(command).toContainText(`demo:`);
  await expect(command).toContainText(`${baseUrl}/basic`);
  await expect(command).not.toContainText(password);
  await expect(page.locator('.copy-curl')).toContainText('set them before running it');
  await screenshot(page, '33-copy-as-curl');

  expect(findLeaks(authdesk.receivedText(), [password], ['demo'])).toEqual([]);
});
