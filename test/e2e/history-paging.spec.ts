import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';
import { lateServer } from './late-server';

/**
 * Sends `count` requests through the bridge, as the Request tab would (the real engine records them); far faster
 * than `count` clicks on Send. `profileId` null sends them without auth.
 */
async function sendMany(page: Page, url: string, profileId: string | null, count: number): Promise<void> {
  const statuses = await page.evaluate(
    async ({ url, profileId, count }) => {
      const out: (number | string | null)[] = [];
      for (let i = 0; i < count; i++) {
        const result = await window.authdesk!.invoke('request.send', { profileId, url });
        out.push(result.ok ? result.value.entry.status : result.error.message);
      }
      return out;
    },
    { url, profileId, count },
  );
  expect(statuses).toStrictEqual(Array<number>(count).fill(200));
}

/** Saves what the window shows now (not the whole page: a hundred rows are too tall to look at) to artifacts/screenshots/. */
async function viewportShot(page: Page, name: string): Promise<void> {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  await page.screenshot({ path: path.join(repo, 'artifacts/screenshots', `${name}.png`) });
}

/**
 * History shows the newest 100 requests and says so; "Show older requests" (keyboard) appends the next page by keyset,
 * moves focus to its first row and goes away when all are shown. The profile filter pages the same way, and a request
 * that finishes while History is open goes on top without dropping the older pages already loaded.
 */
test('History pages older requests: 100 shown, then all of them, with the filter too', async ({ authdesk }) => {
  const { page } = authdesk;
  const sandbox = await createSandboxBasicProfile(page, 'Sandbox Basic');
  const profiles = await page.evaluate(() => window.authdesk!.invoke('profiles.list', {}));
  const profile = profiles.ok ? profiles.value.find((p) => p.name === 'Sandbox Basic') : undefined;
  expect(profile).toBeDefined();
  await sendMany(page, `${sandbox.baseUrl}/basic`, profile!.id, 112);
  await sendMany(page, `${sandbox.baseUrl}/`, null, 3);

  await page.getByRole('tab', { name: 'History' }).click();
  const pane = page.locator('#panel-history');
  const rows = pane.locator('.history-row');
  const older = pane.getByRole('button', { name: 'Show older requests' });
  await expect(rows).toHaveCount(100);
  await expect(pane.getByRole('status').filter({ hasText: 'requests' })).toHaveText('Showing the newest 100 requests.');

  await older.focus();
  await viewportShot(page, '70-history-newest-100');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(115);
  await expect(rows.nth(100)).toBeFocused();
  await expect(pane.getByText('All 115 requests shown.')).toBeVisible();
  await expect(older).toHaveCount(0);
  // Keyset paging: no row twice, newest first.
  const ids = await rows.evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-id'))));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect(new Set(ids).size).toBe(115);
  await viewportShot(page, '71-history-older-loaded');

  await pane.getByLabel('Profile').selectOption({ label: 'Sandbox Basic' });
  await expect(pane.getByText('Showing the newest 100 requests.')).toBeVisible();
  await expect(rows).toHaveCount(100);
  await older.click();
  await expect(pane.getByText('All 112 requests shown.')).toBeVisible();
  await expect(rows).toHaveCount(112);
  await expect(pane.locator('.history-meta').filter({ hasText: /^no auth/ })).toHaveCount(0);

  const late = await lateServer(3000);
  try {
    const request = page.locator('#panel-request');
    await page.getByRole('tab', { name: 'Request' }).click();
    await request.getByLabel('URL', { exact: true }).fill(`${sandbox.baseUrl}/basic`);
    await request.getByRole('button', { name: 'Send' }).click();
    await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);
    await request.getByLabel('Auth profile').selectOption({ label: 'No auth' });
    await request.getByLabel('URL', { exact: true }).fill(late.url);
    await request.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    // History opens afresh on all profiles: 116 requests so far, the late one still on its way.
    await expect(rows).toHaveCount(100);
    await older.click();
    await expect(pane.getByText('All 116 requests shown.')).toBeVisible();
    await expect(pane.getByText('All 117 requests shown.')).toBeVisible({ timeout: 10_000 });
    await expect(rows.first()).toContainText(late.url);
    await expect(rows).toHaveCount(117);
  } finally {
    await late.close();
  }
});
