import { formatDuration } from '../../shared/metrics';
import type { FlowStep } from '../../shared/oauth';
import type { FlowHost } from '../engine/engine';
import { openInBrowser } from './browser';
import type { CliIO } from './context';

/**
 * The CLI's host for interactive OAuth flows: everything goes to stderr (stdout stays for the result, --json).
 * The sign-in URL is always printed, so it works headless; the browser is opened too unless AUTHDESK_NO_BROWSER=1.
 */
export function cliFlowHost(io: CliIO, platform: NodeJS.Platform = process.platform): FlowHost {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let pollingEvery: number | null = null;
  return {
    async openBrowser(url) {
      say(`Open this URL in your browser to sign in: ${url}`);
      const problem = await openInBrowser(url, io.env, platform);
      if (problem && io.env.AUTHDESK_NO_BROWSER !== '1') say(`(Could not open a browser: ${problem}. Open the URL above yourself.)`);
      say('Waiting for the sign-in to finish in the browser… (Ctrl+C cancels)');
    },
    onProgress(step: FlowStep) {
      switch (step.step) {
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

/** What the user of a device flow must do (RFC 8628 §3.3), with the user code set apart so it stands out. */
export function deviceInstructions(step: Extract<FlowStep, { step: 'device_code' }>, now: number): string {
  return [
    '',
    `To sign in, visit ${step.verificationUri}`,
    'and enter the code:',
    '',
    `    ${step.userCode}`,
    '',
    ...(step.verificationUriComplete ? [`Or open ${step.verificationUriComplete} (the code is filled in).`] : []),
    `The code expires in ${formatDuration(Math.max(0, step.expiresAt - now))}.`,
  ].join('\n');
}
