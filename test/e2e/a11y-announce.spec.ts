import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * What a screen-reader user hears and where keyboard focus goes around a send, a sign-in and a Replace: each result is
 * said by a polite live region that stays mounted (a region added together with its text is not reliably announced),
 * in short words and never with a secret; cancelling a sign-in that a send started puts focus back on Send.
 */

/** The hidden live region of `scope` (the request pane, the sign-in section, a secret row). */
const liveRegion = (scope: Locator): Locator => scope.locator('[role="status"].live-status');

/** Whether `locator` is still the very element `before` was: the region stayed mounted, only its text changed. */
async function sameElement(page: Page, locator: Locator, before: Awaited<ReturnType<Locator['elementHandle']>>): Promise<boolean> {
  const now = await locator.elementHandle();
  return page.evaluate(([a, b]) => a === b && a !== null && a.isConnected, [before, now] as const);
}

test('a send announces its result: a status and time, or why no response came', async ({ authdesk }) => {
  const { page } = authdesk;
  const sandbox = await createSandboxBasicProfile(page, 'Announce');
  const pane = page.locator('#panel-request');
  const live = liveRegion(pane);
  await expect(live).toHaveText('');
  const region = await live.elementHandle();

  await page.getByRole('button', { name: 'Send' }).click();
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(live).toHaveText(/^200 OK in [\d.]+ ms$/);
  expect(await sameElement(page, live, region)).toBe(true);
  await screenshot(page, '70-a11y-request-result');

  await page.getByLabel('URL', { exact: true }).fill(`${sandbox.baseUrl}/bearer`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^401\b/);
  await expect(live).toHaveText(/^401 Unauthorized in [\d.]+ ms$/);

  // Nothing listens on port 1; without auth, as the profile is bound to the sandbox's origin.
  await page.getByLabel('Auth profile').selectOption({ label: 'No auth' });
  await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:1/');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(pane.locator('.status-line .status-pill')).toHaveText('network error');
  await expect(live).toHaveText('No response: network error');
  expect(await sameElement(page, live, region)).toBe(true);
  expect(await live.textContent()).not.toContain(sandbox.password);
});

test('Replace announces the saved secret by its fingerprint, never its value', async ({ authdesk }) => {
  const { page } = authdesk;
  const sandbox = await createSandboxBasicProfile(page, 'Replace');
  await page.getByRole('tab', { name: 'Profile: Replace' }).click();
  const row = page.locator('#panel-profile .secret-row').filter({ hasText: 'password' });
  const live = liveRegion(row);
  await expect(live).toHaveText('');

  const replace = row.getByRole('button', { name: 'Replace password' });
  await replace.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type(sandbox.password);
  await page.keyboard.press('Enter');
  await expect(live).toHaveText(/^Password replaced \(fingerprint [0-9a-f]{6,}\)$/);
  const fingerprint = (await live.textContent())?.match(/fingerprint (\w+)/)?.[1] ?? '';
  await expect(row.locator('.secret-status')).toContainText(`fingerprint ${fingerprint}`);
  expect(await live.textContent()).not.toContain(sandbox.password);
  await expect(replace).toBeFocused();
});

test('cancelling the sign-in a send started puts focus on Send; Sign in announces the token', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByRole('button', { name: 'Create an OAuth sign-in (authorization code) profile' }).click();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: / })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('tab', { name: 'Request' }).click();
  const pane = page.locator('#panel-request');
  const browserTab = page.context().waitForEvent('page');
  await pane.getByRole('button', { name: 'Send' }).focus();
  await page.keyboard.press('Enter');
  const tab = await browserTab;
  await expect(pane.getByText('Waiting for you to sign in in your browser…')).toBeVisible();
  // The region that said "Sending…" now says what the person has to do.
  await expect(liveRegion(pane)).toHaveText('Sign-in started: approve it in your browser.');

  const cancel = pane.getByRole('button', { name: 'Cancel sign-in' });
  for (let i = 0; i < 12 && !(await cancel.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pane.getByRole('alert').filter({ hasText: 'The sign-in was cancelled.' })).toBeVisible();
  const send = pane.getByRole('button', { name: 'Send' });
  await expect(send).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send');
  await screenshot(page, '71-a11y-cancel-signin-focus');
  await tab.close();

  await page.getByRole('tab', { name: /^Profile: / }).click();
  const signin = page.locator('#panel-profile .oauth-signin');
  const live = liveRegion(signin);
  await expect(live).toHaveText('');
  const approval = page.context().waitForEvent('page');
  await signin.getByRole('button', { name: 'Sign in' }).click();
  const approve = await approval;
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(approve.getByRole('heading', { name: 'Signed in' })).toBeVisible(); // closing mid-redirect can hang close()
  await approve.close();
  await expect(signin.getByRole('region', { name: 'Access token obtained' })).toBeVisible();
  await expect(live).toHaveText('Access token obtained');
  await screenshot(page, '72-a11y-token-obtained');
});
