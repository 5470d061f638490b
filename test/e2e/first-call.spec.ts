import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

/**
 * A new user on an empty workspace gets a first authenticated call working against the sandbox, then exports a
 * HAR; neither the export nor anything the window received holds the password in any form.
 */
test('first successful call with a Basic profile against the sandbox', async ({ authdesk }) => {
  const { page } = authdesk;

  await expect(page.getByRole('heading', { name: 'Get your first authenticated API call working' })).toBeVisible();
  await screenshot(page, '01-empty-workspace');

  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'The sandbox is running' })).toBeVisible();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const username = (await page.getByText('Basic username').locator('xpath=following-sibling::dd[1]').textContent()) ?? '';
  const password = (await page.getByText('Basic password').locator('xpath=following-sibling::dd[1]').textContent()) ?? '';
  expect(username).not.toBe('');
  expect(password).not.toBe('');
  await screenshot(page, '02-sandbox');

  await page.getByRole('button', { name: 'Create a Basic profile with these credentials' }).click();
  await expect(page.getByRole('heading', { name: 'New profile' })).toBeVisible();

  // Type everything as a person would: select what is there and type over it.
  const name = page.getByLabel('Name', { exact: true });
  await name.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('My sandbox');
  await page.getByLabel('Username', { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(username);
  await page.getByLabel('Password', { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(password);
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
  await page.getByRole('radio', { name: /Public/ }).check();
  await expect(page.getByText('A public client cannot keep a permanent secret')).toBeVisible();
  await page.getByRole('radio', { name: /Confidential/ }).check();
  await screenshot(page, '03-new-profile');
  await page.getByRole('button', { name: 'Save profile' }).click();

  await expect(page.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');
  const url = page.getByLabel('URL', { exact: true });
  await expect(url).toHaveValue(`${baseUrl}/basic`);
  await expect(page.getByRole('navigation', { name: 'Profiles' })).toContainText('no successful call yet');
  await url.focus();
  await page.keyboard.press('ControlOrMeta+Enter');

  await expect(page.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  const banner = page.getByRole('status').filter({ hasText: 'First successful call in' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Profiles' })).toContainText(/TTFSC \d/);
  await screenshot(page, '04-first-success');

  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-row').first().click();
  await expect(page.locator('#panel-history .status-line')).toContainText('200');
  // Who sent it, with which key version: the row and the entry name the secret's fingerprint (never the secret).
  const sentAs = new RegExp(`as ${username} · key ([0-9a-f]{8})`);
  await expect(page.locator('.history-row .history-meta').first()).toHaveText(sentAs);
  await expect(page.locator('#panel-history .status-meta')).toHaveText(sentAs);
  const usedKey = sentAs.exec((await page.locator('#panel-history .status-meta').textContent()) ?? '')?.[1];
  await page.getByRole('button', { name: 'Export HAR' }).click();
  await expect(page.getByText(/Exported 1 entry .* as HAR to /)).toBeVisible();
  await screenshot(page, '05-history-export');

  await page.getByRole('tab', { name: 'Insights' }).click();
  await expect(page.getByRole('table', { name: 'Onboarding per profile' })).toContainText('My sandbox');
  await screenshot(page, '06-insights');

  await page.getByRole('tab', { name: /Profile: My sandbox/ }).click();
  const status = page.locator('.secret-status');
  await expect(status).toHaveText(/^saved · fingerprint [0-9a-f]{8}/);
  const before = await status.textContent();
  expect(before).toContain(`fingerprint ${usedKey}`);
  await page.getByRole('button', { name: 'Replace password' }).click();
  await page.getByLabel('New password').click();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('New password')).toHaveCount(0);
  expect((await status.textContent())?.split(' · ')[1]).toBe(before?.split(' · ')[1]);
  await screenshot(page, '07-profile');

  const har = path.join(authdesk.exportDir, 'export.har');
  const harText = await readFile(har, 'utf8');
  expect(JSON.parse(harText).log.entries).toHaveLength(1);
  expect(findLeaks(harText, [password], [username])).toEqual([]);
  expect(await scanPaths([har, authdesk.home], [password], [username])).toEqual([]);
  expect(authdesk.received.length).toBeGreaterThan(5);
  expect(findLeaks(authdesk.receivedText(), [password], [username])).toEqual([]);
});
