import { findLeaks } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Onboarding as the Insights view tells it: a wrong password first (401, explained with what to try), fixed with
 * Replace, then a 200. Insights then shows the funnel, the time to first successful call, the failure reason and
 * the latency histogram, loaded lazily with the chart library.
 */
test('a 401 is explained, and Insights shows the funnel, TTFSC, failures and latency', async ({ authdesk }) => {
  const { page } = authdesk;
  const wrong = 'not-the-password';
  const { password, username } = await createSandboxBasicProfile(page, 'Sandbox onboarding', wrong);
  const request = page.locator('#panel-request');

  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.locator('.status-line .status-pill')).toHaveText(/^401\b/);
  const explanation = request.locator('.explanation');
  await expect(explanation.getByRole('heading', { level: 3 })).toBeVisible();
  await expect(explanation.getByRole('heading', { name: 'Try this' })).toBeVisible();
  await expect(explanation.getByRole('list', { name: 'Try this' }).getByRole('listitem').first()).toBeVisible();
  await expect(explanation).toContainText('Rule:');
  await screenshot(page, '21-explanation');

  await page.getByRole('tab', { name: 'Profile: Sandbox onboarding' }).click();
  await page.getByRole('button', { name: 'Replace password' }).click();
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(page.getByLabel('New password')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Request' }).click();
  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(request.locator('.explanation')).toHaveCount(0);

  // The explanation is part of the history entry too.
  await page.getByRole('tab', { name: 'History' }).click();
  // Match on the status pill: the URL's port or the time could contain "401" on another row.
  await page.locator('.history-row').filter({ has: page.locator('.status-pill', { hasText: /^401$/ }) }).click();
  await expect(page.locator('#panel-history .explanation').getByRole('heading', { name: 'Try this' })).toBeVisible();

  await page.getByRole('tab', { name: 'Insights' }).click();
  const funnel = page.getByRole('figure', { name: 'Onboarding funnel' });
  await expect(funnel).toBeVisible();
  for (const step of ['Profile created', 'Secret saved', 'First request sent', 'First 2xx']) await expect(funnel).toContainText(step);
  await expect(funnel).toContainText('1 of 1');
  const ttfsc = page.getByRole('figure', { name: 'Time to first successful call' });
  await expect(ttfsc).toContainText('Sandbox onboarding');
  await expect(ttfsc.locator('.recharts-bar-rectangle')).toHaveCount(1);
  const failures = page.getByRole('figure', { name: 'Failures before the first success' });
  await expect(failures).toContainText('invalid credentials');
  await expect(page.getByRole('table', { name: 'Onboarding per profile' })).toContainText('invalid credentials ×1');
  const histogram = page.getByRole('figure', { name: 'Latency histogram' });
  await expect(histogram).toBeVisible();
  await expect(histogram).toContainText('≤ 5 ms');
  await expect(histogram).toContainText('> 5 s');
  await expect(page.getByRole('table', { name: 'Latency per profile' })).toContainText('Sandbox onboarding');
  await expect(page.getByRole('figure', { name: 'Latency over time' }).locator('.recharts-line')).toBeVisible();
  await screenshot(page, '20-insights');

  // The sandbox's own 401 body names its demo password as a hint ("… and password authdesk-demo."): that is the
  // server's text, recorded before the password was a secret Authdesk held. Every other trace must be gone.
  const received = authdesk.receivedText().replaceAll(`password ${password}.`, '');
  expect(findLeaks(received, [password, wrong], [username])).toEqual([]);
});

/**
 * Every funnel bar reads "n of N", a step no profile reached too: a 401 only leaves "First 2xx" at "0 of 1", where
 * its label was missing while the other bars read "1 of 1".
 */
test('the funnel labels a step no profile reached "0 of N"', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'No success yet', 'not-the-password');
  const request = page.locator('#panel-request');
  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.locator('.status-line .status-pill')).toHaveText(/^401\b/);
  await page.getByRole('tab', { name: 'Insights' }).click();
  const funnel = page.getByRole('figure', { name: 'Onboarding funnel' });
  await expect(funnel.locator('.recharts-label-list text')).toHaveText(['1 of 1', '1 of 1', '1 of 1', '0 of 1']);
  await screenshot(page, '60-insights-funnel-zero');
});
