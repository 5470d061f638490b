import type { Page } from '@playwright/test';
import { expect } from './harness';

/** The sandbox's address and its demo Basic credentials, as the sandbox panel shows them. */
export interface SandboxBasic {
  baseUrl: string;
  username: string;
  password: string;
}

/**
 * Starts the sandbox from the empty workspace and creates its Basic profile through the editor, as a person would,
 * with `password` typed over the demo one when given (to start with a wrong password). Ends on the Request tab.
 */
export async function createSandboxBasicProfile(page: Page, name: string, password?: string): Promise<SandboxBasic> {
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'The sandbox is running' })).toBeVisible();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  const demo = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::dd[1]').textContent();
  const sandbox = { baseUrl, username: (await demo('Basic username')) ?? '', password: (await demo('Basic password')) ?? '' };
  await page.getByRole('button', { name: 'Create a Basic profile with these credentials' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (password !== undefined) await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue(`${baseUrl}/basic`);
  return sandbox;
}
