import { spawn } from 'node:child_process';

/**
 * Opening the system browser from the CLI (RFC 8252 §5: the user's own browser, never an embedded view). The
 * caller always prints the URL too, so a headless machine or a missing opener still works.
 */

/** The platform's opener for a URL: `open` (macOS), `cmd /c start ""` (Windows), else `xdg-open`. */
export function openerFor(url: string, platform: NodeJS.Platform): { command: string; args: string[]; verbatim: boolean } {
  if (platform === 'darwin') return { command: 'open', args: [url], verbatim: false };
  if (platform === 'win32') {
    // cmd parses the line itself: the empty title keeps `start` from taking the URL as one, and ^ escapes the
    // characters cmd would treat as operators (a query string's & above all).
    return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/[&|<>^]/g, '^$&')], verbatim: true };
  }
  return { command: 'xdg-open', args: [url], verbatim: false };
}

/**
 * Starts the opener on an http(s) URL, detached with its output ignored, and resolves once it has started (null)
 * or could not (why, e.g. "xdg-open: ENOENT"). `AUTHDESK_NO_BROWSER=1` in `env` skips it ("disabled").
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  if (env.AUTHDESK_NO_BROWSER === '1') return Promise.resolve('disabled by AUTHDESK_NO_BROWSER=1');
  if (!/^https?:\/\//i.test(url)) return Promise.resolve('only http(s) URLs are opened');
  const { command, args, verbatim } = openerFor(url, platform);
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', env, windowsVerbatimArguments: verbatim, windowsHide: true });
    child.once('spawn', () => {
      child.unref();
      resolve(null);
    });
    child.once('error', (e: NodeJS.ErrnoException) => resolve(`${command}: ${e.code ?? e.message}`));
  });
}
