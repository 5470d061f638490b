import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Reflow (WCAG 1.4.10) and resize text (1.4.4): at 640×430 (a 1280-wide window at 200% zoom) and at 800×700, every
 * view with data in it fits the window's width. Wide content (the latency table, charts) scrolls inside its own
 * region, the tab strips wrap within themselves (arrow keys still move between tabs), and the URL stays usable.
 */

/** The page never scrolls sideways: what overflows scrolls inside its own container. */
async function expectNoSideScroll(page: Page, view: string) {
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scrollWidth, `${view}: the page scrolls sideways`).toBeLessThanOrEqual(width);
}

/** Every tab of the strip lies inside the window, none cut off at its right edge. */
async function expectTabsInside(page: Page, tablist: Locator) {
  const width = page.viewportSize()!.width;
  for (const tab of await tablist.getByRole('tab').all()) {
    const box = (await tab.boundingBox())!;
    expect(box.x, `${await tab.textContent()} starts off-screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${await tab.textContent()} ends off-screen`).toBeLessThanOrEqual(width);
  }
}

for (const size of [
  { width: 640, height: 430 },
  { width: 800, height: 700 },
]) {
  test(`every view reflows at ${size.width}×${size.height}`, async ({ authdesk }) => {
    const { page } = authdesk;
    const tag = `${size.width}`;
    await createSandboxBasicProfile(page, 'Sandbox onboarding for the reflow check');
    const request = page.locator('#panel-request');
    for (let i = 0; i < 3; i++) {
      await request.getByRole('button', { name: 'Send' }).click();
      await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);
    }
    await page.setViewportSize(size);

    // Request: the URL input keeps room for an address, the response fits.
    const url = request.getByLabel('URL', { exact: true });
    expect((await url.boundingBox())!.width).toBeGreaterThanOrEqual(200);
    const workspaceTabs = page.getByRole('tablist', { name: 'Workspace' });
    await expectTabsInside(page, workspaceTabs);
    await expectNoSideScroll(page, 'Request');
    await screenshot(page, `60-layout-${tag}-request`);

    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator('.history-row').first().click();
    await expect(page.locator('#panel-history .status-line')).toBeVisible();
    await expectNoSideScroll(page, 'History');
    await screenshot(page, `61-layout-${tag}-history`);

    await page.getByRole('tab', { name: 'Insights' }).click();
    await expect(page.getByRole('table', { name: 'Latency per profile' })).toContainText('Sandbox onboarding');
    await expect(page.getByRole('figure', { name: 'Latency over time' }).locator('.recharts-line')).toBeVisible();
    await expectNoSideScroll(page, 'Insights');
    // The wide table scrolls inside a region a keyboard can reach.
    const region = page.getByRole('region', { name: 'Latency per profile' });
    await expect(region).toHaveAttribute('tabindex', '0');
    await screenshot(page, `62-layout-${tag}-insights`);

    // Arrow keys still walk the (wrapped) tab strip to the last tab.
    await page.getByRole('tab', { name: 'Insights' }).focus();
    await page.keyboard.press('ArrowRight');
    const profileTab = page.getByRole('tab', { name: 'Profile: Sandbox onboarding for the reflow check' });
    await expect(profileTab).toBeFocused();
    await expect(profileTab).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#panel-profile')).toBeVisible();
    await expectTabsInside(page, workspaceTabs);
    await expectNoSideScroll(page, 'Profile');
    await screenshot(page, `63-layout-${tag}-profile`);

    const sidebar = page.getByRole('navigation', { name: 'Profiles' });
    await sidebar.getByRole('button', { name: 'New profile' }).click();
    await expect(page.getByRole('button', { name: 'Save profile' })).toBeVisible();
    await expectNoSideScroll(page, 'New profile');
    await screenshot(page, `64-layout-${tag}-new-profile`);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await sidebar.getByRole('button', { name: 'Import' }).click();
    const importTabs = page.getByRole('tablist', { name: 'Import from' });
    await expectTabsInside(page, importTabs);
    await page.getByLabel('Paste a curl command').fill(`curl -u 'demo:not-a-real-one' -H 'Accept: application/json' https://api.example.com/v1/me`);
    await expect(page.locator('.import-preview')).toContainText('Basic · username demo');
    await expectNoSideScroll(page, 'Import');
    await screenshot(page, `65-layout-${tag}-import`);

    await sidebar.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expectNoSideScroll(page, 'Settings');
    await screenshot(page, `66-layout-${tag}-settings`);
  });
}
