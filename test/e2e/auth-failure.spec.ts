import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

const WRONG_SECRET = 'e2e-Wrong-Client-Secret-5h2K';

/**
 * A send whose auth stage fails (the sandbox's token endpoint refuses the client secret: 401 invalid_client) shows
 * the error on the Request tab as before, and History has the attempt: a row "sign-in failed" whose entry shows the
 * method, URL, message and explanation with no response; it is exported too, and the secret is nowhere.
 */
test('a refused client secret: the send fails, and History shows the attempt with no response', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  await page.getByRole('button', { name: 'Create an OAuth client-credentials profile' }).click();
  await expect(page.getByLabel('Token endpoint')).toHaveValue(`${baseUrl}/oauth/token`);
  await page.getByLabel('Client secret').fill(WRONG_SECRET);
  await page.getByRole('button', { name: 'Save profile' }).click();

  const pane = page.locator('#panel-request');
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue(`${baseUrl}/bearer`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(pane.getByRole('alert')).toContainText('invalid_client');

  await page.getByRole('tab', { name: 'History' }).click();
  const row = page.locator('.history-row').first();
  await expect(row.locator('.status-pill')).toHaveText('sign-in failed');
  await expect(row.locator('.history-url')).toHaveText(`${baseUrl}/bearer`);
  await row.click();
  const entry = page.locator('#panel-history').getByRole('article', { name: 'Response' });
  await expect(entry.locator('.status-url')).toHaveText(`GET ${baseUrl}/bearer`);
  await expect(entry.locator('.status-error')).toContainText('did not accept the client credentials');
  await expect(entry).toContainText('Getting a token failed');
  await expect(entry.getByRole('table', { name: 'Response headers' })).toHaveCount(0);
  await expect(entry.getByRole('region', { name: 'Auth steps' })).toHaveText(/None: getting the credentials failed, so the request was not sent\./);
  await expect(entry.getByText('Request as sent (secrets redacted)')).toHaveCount(0);
  await screenshot(page, '40-auth-failure-history');
  await page.getByRole('button', { name: 'Export HAR' }).click();
  await expect(page.getByText(/Exported 1 entry .* as HAR to /)).toBeVisible();

  const har = JSON.parse(await readFile(path.join(authdesk.exportDir, 'export.har'), 'utf8')) as { log: { entries: { response: { status: number }; _authdesk: { failure: string } }[] } };
  expect(har.log.entries.map((e) => [e.response.status, e._authdesk.failure])).toEqual([[0, 'auth_flow']]);
  expect(await scanPaths([authdesk.home, authdesk.exportDir], [WRONG_SECRET], ['sandbox-service'])).toEqual([]);
  expect(findLeaks(authdesk.receivedText(), [WRONG_SECRET], ['sandbox-service'])).toEqual([]);
});
