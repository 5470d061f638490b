import { expect, screenshot, test } from './harness';

/**
 * Keyboard focus when the main area changes view: the sandbox panel and the New profile editor take focus when they
 * open, and the editor gives it back to the button that opened it when it closes (Escape or Cancel), instead of
 * dropping it on the page body, where the next Tab starts over at the sidebar (WCAG 2.4.3).
 */

test('Try the sandbox, by Enter or by click, moves focus to the sandbox panel heading', async ({ authdesk }) => {
  const { page } = authdesk;
  const start = page.getByRole('main').getByRole('button', { name: 'Try the sandbox' });
  await start.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: 'The sandbox is running' });
  await expect(heading).toBeFocused();
  await screenshot(page, '53-sandbox-heading-focused');
  // Tab continues inside the panel, not at the top of the sidebar.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('.sandbox') !== null)).toBe(true);

  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(heading).toBeFocused();
});
