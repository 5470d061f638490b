import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Keyboard export: Enter on Export HAR or Export JSONL runs the export and focus stays on the pressed button (busy,
 * the buttons are aria-disabled rather than disabled, which would drop focus to the page body), so Tab goes on
 * from there.
 */
test('Export HAR and Export JSONL keep keyboard focus while and after they export', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Export focus');
  const request = page.locator('#panel-request');
  for (let i = 0; i < 3; i++) {
    await request.getByRole('button', { name: 'Send' }).click();
    await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  }

  await page.getByRole('tab', { name: 'History' }).click();
  const pane = page.locator('#panel-history');
  await expect(pane.locator('.history-row')).toHaveCount(3);
  const har = pane.getByRole('button', { name: 'Export HAR' });
  const jsonl = pane.getByRole('button', { name: 'Export JSONL' });
  const result = pane.locator('.export-result');

  await pane.getByLabel('Profile').focus();
  await page.keyboard.press('Tab');
  await expect(har).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(result).toContainText('Exported 3 entries');
  await expect(result).toContainText('as HAR');
  await expect(har).toBeFocused();

  await page.keyboard.press('Tab');
  await expect(jsonl).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(result).toContainText('as JSONL');
  await expect(jsonl).toBeFocused();
  await expect(jsonl).not.toHaveAttribute('aria-disabled', 'true');
  expect(authdesk.received.filter((r) => r.channel === 'export.run')).toHaveLength(2);
  await screenshot(page, '72-history-export-focus');
});
