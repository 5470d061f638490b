import { formatDuration } from '../../shared/metrics';
import type { FlowStep } from '../../shared/oauth';
import type { FlowHost } from '../engine/engine';
import { openInBrowser } from './browser';
import type { CliIO } from './context';
import { isOfferableUrl, terminalLine } from './terminal-text';

/**
 * The CLI's host for interactive OAuth flows: everything goes to stderr (stdout stays for the result, --json).
 * The sign-in URL is always printed, so it works headless; the browser is opened too unless AUTHDESK_NO_BROWSER=1.
 * Only a plain http(s) URL is offered or opened (./terminal-text.ts isOfferableUrl); any other is shown escaped, with
 * a warning, and never reaches the browser opener.
 */
export function cliFlowHost(io: CliIO, platform: NodeJS.Platform = process.platform): FlowHost {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let pollingEvery: number | null = null;
  return {
    async openBrowser(url) {
      if (!isOfferableUrl(url)) {
        say(`Warning: the sign-in URL is not a plain http(s) URL, so it was not opened: ${terminalLine(url)}. Ctrl+C cancels.`);
        return;
      }
      say(`Open this URL in your browser to sign in: ${url}`);
      const problem = await openInBrowser(url, io.env, platform);
      if (problem && io.env.AUTHDESK_NO_BROWSER !== '1') say(`(Could not open a browser: ${problem}. Open the URL above yourself.)`);
      say('Waiting for the sign-in to finish in the browser… (Ctrl+C cancels)');
    },
    onProgress(step: FlowStep) {
      switch (step.step) {
        case 'sign_in_again':
          say(`Signing in again: ${step.reason}.`);
          break;
        case 'exchanging_code':
          say('Signed in; exchanging the authorization code for tokens…');
          break;
        case 'device_code':
          say(deviceInstructions(step, Date.now()));
          break;
        case 'polling':
          if (step.intervalS !== pollingEvery) say(`Waiting for approval (polling every ${step.intervalS} s)… (Ctrl+C cancels)`);
          pollingEvery = step.intervalS;
          break;
        default:
          break; // waiting_for_browser is announced by openBrowser; done by the command's result
      }
    },
  };
}

/** The warning for a verification URI (RFC 8628 §3.2 `field`) that is not offered, with the URI shown escaped. */
const notOffered = (field: string, uri: string) =>
  `Warning: the server's ${field} is not a plain http(s) URL, so it is not offered as a link: ${terminalLine(uri)}`;

/**
 * What the user of a device flow must do (RFC 8628 §3.3), with the user code set apart so it stands out. Every
 * server-chosen value is shown through terminalLine (control and bidi characters as visible escapes), and a
 * verification URI is offered only when it is a plain http(s) URL (RFC 8628 §3.2 names it an end-user verification
 * URI on the authorization server; a `javascript:` one is shown as text under a warning instead).
 * @param now the current time, ms since the epoch (as `step.expiresAt`)
 * @returns lines joined with `\n`, without a final newline
 */
export function deviceInstructions(step: Extract<FlowStep, { step: 'device_code' }>, now: number): string {
  const complete = step.verificationUriComplete;
  const visit = isOfferableUrl(step.verificationUri);
  return [
    '',
    visit ? `To sign in, visit ${step.verificationUri}` : notOffered('verification_uri', step.verificationUri),
    visit ? 'and enter the code:' : "To sign in, enter this code on your provider's device sign-in page:",
    '',
    `    ${terminalLine(step.userCode)}`,
    '',
    ...(complete ? [isOfferableUrl(complete) ? `Or open ${complete} (the code is filled in).` : notOffered('verification_uri_complete', complete)] : []),
    `The code expires in ${formatDuration(Math.max(0, step.expiresAt - now))}.`,
  ].join('\n');
}
