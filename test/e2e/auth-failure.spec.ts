import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

const WRONG_SECRET = 'e2e-Wrong-Client-Secret-5h2K';
const CLIENT_SECRET = 'sandbox-client-secret-42';
const MESSAGE = 'did not accept the client credentials';

/** How many times `text` occurs in what `area` shows (its rendered text, hidden parts excluded). */
async function occurrences(area: Locator, text: string): Promise<number> {
  return (await area.innerText()).split(text).length - 1;
}

/**
 * A send whose auth stage fails (the sandbox's token endpoint refuses the client secret: 401 invalid_client) shows
 * the error on the Request tab as before, and History has the attempt: a row "auth failed" (not "sign-in": a client-
 * credentials profile has none) whose entry is one statement that the request was not sent and why (the message
 * once, the advice once), what was attempted (method, URL, profile, auth steps), and the next step; no Copy as curl,
 * timings or response sections. The next step works by keyboard: the profile (to fix the secret), then Try again;
 * the sent entry that follows has Copy as curl. The attempt is exported too, and no secret is anywhere.
 */
test('a refused client secret: History shows the attempt as not sent, with the next step and no curl', async ({ authdesk }) => {
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
  const history = page.locator('#panel-history');
  const row = page.locator('.history-row').first();
  await expect(row.locator('.status-pill')).toHaveText('auth failed');
  await expect(row.locator('.history-url')).toHaveText(`${baseUrl}/bearer`);
  await row.click();
  await expect(history.locator('.status-url')).toHaveText(`GET ${baseUrl}/bearer`);
  // One statement: the message and each piece of advice once in the whole pane (the list row shows neither), and no
  // curl for a request that never went out.
  expect(await occurrences(history, MESSAGE)).toBe(1);
  expect(await occurrences(history, 'invalid_client')).toBe(1);
  // A client-credentials profile has no sign-in to run again: the advice is its saved secret.
  expect(await occurrences(history, 'Check the client secret or key saved in the profile (Replace it if it was changed or rotated), then send again.')).toBe(1);
  expect(await occurrences(history, 'Run the sign-in again')).toBe(0);
  await expect(history.getByRole('button', { name: 'Copy as curl' })).toHaveCount(0);
  const entry = history.getByRole('article', { name: 'Request not sent' });
  await expect(entry.locator('.status-meta')).toHaveText(/^not sent · Sandbox \(OAuth client credentials\) · as sandbox-service · key [0-9a-f]+$/);
  const why = entry.getByRole('region', { name: 'Not sent: getting a token failed' });
  await expect(why).toContainText(MESSAGE);
  await expect(entry.getByRole('table')).toHaveCount(0); // no timings, no response or request headers
  await expect(entry.getByRole('region', { name: 'Response body' })).toHaveCount(0);
  await expect(entry.getByText('Request as sent (secrets redacted)')).toHaveCount(0);
  await expect(entry.getByRole('region', { name: 'Auth steps' })).toHaveText(/None completed before the failure\./);
  await expect(row.locator('.history-meta')).toContainText(' · not sent · '); // not "0 ms"
  await screenshot(page, '40-auth-failure-history');
  await page.getByRole('button', { name: 'Export HAR' }).click();
  await expect(page.getByText(/Exported 1 entry .* as HAR to /)).toBeVisible();
  const har = JSON.parse(await readFile(path.join(authdesk.exportDir, 'export.har'), 'utf8')) as { log: { entries: { response: { status: number }; _authdesk: { failure: string } }[] } };
  expect(har.log.entries.map((e) => [e.response.status, e._authdesk.failure])).toEqual([[0, 'auth_flow']]);

  // The next step, by keyboard: the profile (focus follows to its tab), where the client secret is replaced.
  await why.getByRole('button', { name: 'Open profile to check it' }).press('Enter');
  await expect(page.getByRole('tab', { name: 'Profile: Sandbox (OAuth client credentials)' })).toBeFocused();
  await page.getByRole('button', { name: 'Replace client_secret' }).click();
  await page.getByLabel('New client_secret').fill(CLIENT_SECRET);
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(page.getByLabel('New client_secret')).toHaveCount(0);

  // Try again: the Request tab with the same profile, method and URL; this time it is sent.
  await page.getByRole('tab', { name: 'History' }).click();
  await row.click();
  await entry.getByRole('button', { name: 'Try again in Request' }).press('Enter');
  await expect(page.getByRole('tab', { name: 'Request' })).toBeFocused();
  await expect(pane.getByLabel('URL', { exact: true })).toHaveValue(`${baseUrl}/bearer`);
  await expect(pane.getByLabel('Auth profile')).toHaveValue(/.+/);
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);

  // The sent entry has Copy as curl; the attempt that was not sent still has none.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-row').filter({ has: page.locator('.status-pill', { hasText: /^200$/ }) }).click();
  await expect(history.getByRole('article', { name: 'Response' })).toBeVisible();
  await expect(history.getByRole('button', { name: 'Copy as curl' })).toHaveCount(1);
  await page.locator('.history-row').filter({ has: page.locator('.status-pill', { hasText: 'auth failed' }) }).click();
  await expect(entry).toBeVisible();
  await expect(history.getByRole('button', { name: 'Copy as curl' })).toHaveCount(0);

  const secrets = [WRONG_SECRET, CLIENT_SECRET];
  expect(await scanPaths([authdesk.home, authdesk.exportDir], secrets, ['sandbox-service'])).toEqual([]);
  expect(findLeaks(authdesk.receivedText(), secrets, ['sandbox-service'])).toEqual([]);
});

/** The Request pane offers the same next step as History's not-sent entry: open the profile to fix it. */
test('a refused client secret: the Request pane offers to open the profile, and focus goes to its tab', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByRole('button', { name: 'Create an OAuth client-credentials profile' }).click();
  await page.getByLabel('Client secret').fill(WRONG_SECRET);
  await page.getByRole('button', { name: 'Save profile' }).click();
  const pane = page.locator('#panel-request');
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect(pane.getByRole('alert')).toContainText('invalid_client');
  await pane.getByRole('button', { name: 'Open profile to check it' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: / })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: /^Profile: / })).toBeFocused();
});
