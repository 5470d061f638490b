/**
 * Which page origins Authdesk trusts: its own `app://authdesk` custom protocol (Electron security checklist item 18)
 * and, in development only, the electron-vite dev server. Used to limit navigation (item 13) and to validate the IPC
 * sender frame (item 17).
 */

/** The custom protocol scheme and host that serve the built renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'authdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The renderer's entry page. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The `scheme://host[:port]` origin of a URL, or null when it does not parse. Computed by hand because Node's
 * WHATWG URL reports `"null"` as the origin of non-special schemes such as `app:`, where Chromium (with the scheme
 * registered as standard) reports `app://authdesk`.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to the app's own origin, or to `devServerUrl`'s origin when one is given (dev mode only).
 */
export function isTrustedUrl(url: string, devServerUrl: string | null): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  if (origin === APP_ORIGIN) return true;
  return devServerUrl !== null && origin === originOf(devServerUrl);
}
