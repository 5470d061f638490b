import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Insights read right for a new user: before any request the failures chart says none was sent (not "no failed
 * attempts before a first success"); after a few requests on one keep-alive connection, a phase only the first
 * request had (connect) says how many requests its median covers, and the latency line is drawn over the request
 * number, whose axis labels never repeat (clock times would: many requests share a second).
 */
test('Insights: no requests yet, then phase medians with their counts and a request-number axis', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Phases');
  await page.getByRole('tab', { name: 'Insights' }).click();
  await expect(page.getByRole('figure', { name: 'Failures before the first success' })).toContainText('No requests sent yet.');

  await page.getByRole('tab', { name: 'Request' }).click();
  const request = page.locator('#panel-request');
  for (let i = 0; i < 4; i += 1) {
    await request.getByRole('button', { name: 'Send' }).click();
    await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  }
  await page.getByRole('tab', { name: 'Insights' }).click();
  await expect(page.getByRole('figure', { name: 'Failures before the first success' })).toContainText('No failed attempts before a first success.');
  const row = page.getByRole('table', { name: 'Latency per profile' }).getByRole('row', { name: /Phases/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText('4');
  // Columns after the name: Requests, p50, p95, p99, DNS, Connect, TLS, First byte. One connection, reused.
  await expect(row.getByRole('cell').nth(5)).toContainText('(1 of 4)');
  await expect(row.getByRole('cell').nth(7)).not.toContainText(' of ');
  // The y axis reads "… ms"; the x axis is the rest.
  const labels = await page.getByRole('figure', { name: 'Latency over time' }).locator('.recharts-cartesian-axis-tick-value').allTextContents();
  const ticks = labels.filter((t) => !/s$/.test(t));
  expect(ticks.length).toBeGreaterThan(1);
  expect(new Set(ticks).size).toBe(ticks.length);
  expect(ticks.every((t) => /^\d+$/.test(t))).toBe(true);
  await screenshot(page, '64-insights-phases');
});
