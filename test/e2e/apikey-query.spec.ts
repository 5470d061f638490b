import { findLeaks } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

const HOSTILE_KEY = "$V8)x'];A#27Z-b_y";

/** TRAPS T3: an API key with URL-hostile characters sent in the query reaches the sandbox intact. */
test('API key in a query parameter with hostile characters', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  await expect(page.getByText('API key', { exact: true }).locator('xpath=following-sibling::dd[1]/code[1]')).toHaveText(HOSTILE_KEY);

  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Sandbox key in query');
  await page.getByLabel('Authentication scheme').selectOption({ label: 'API key' });
  await page.getByLabel('Send in').selectOption({ label: 'Query parameter' });
  await page.getByLabel('Query parameter name').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('api_key');
  await page.getByLabel('Key 1 value').click();
  await page.keyboard.type(HOSTILE_KEY);
  await page.getByLabel('Base URL (optional)').fill(baseUrl);
  await page.getByRole('button', { name: 'Save profile' }).click();

  const url = page.getByLabel('URL', { exact: true });
  await expect(url).toHaveValue(baseUrl);
  await url.fill(`${baseUrl}/apikey`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(page.getByRole('status').filter({ hasText: 'First successful call in' })).toBeVisible();
  await screenshot(page, '08-apikey-query');

  expect(findLeaks(authdesk.receivedText(), [HOSTILE_KEY])).toEqual([]);
});
