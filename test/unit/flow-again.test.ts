import { describe, expect, it } from 'vitest';
import { cliFlowHost } from '../../electron/cli/flow-host';
import { advanceFlow, type FlowState } from '../../renderer/src/hooks/useFlowProgress';
import { flowAnnouncement } from '../../renderer/src/lib/announce';
import { REFRESH_REJECTED, type FlowStep } from '../../shared/oauth';

/** A sign-in that replaces a refused refresh token says why, in the app (panel and live region) and in the CLI. */
const run = (steps: FlowStep[], from: FlowState | null = null): FlowState | null =>
  steps.reduce<FlowState | null>((state, step) => advanceFlow(state, { profileId: 'p', ...step }), from);

const again: FlowStep = { step: 'sign_in_again', reason: REFRESH_REJECTED };
const browser: FlowStep = { step: 'waiting_for_browser', authorizationUrl: 'http://127.0.0.1:1/authorize' };
const device: FlowStep = { step: 'device_code', userCode: 'WDJB-MJHT', verificationUri: 'https://as.test/device', verificationUriComplete: null, expiresAt: 0 };

describe('a sign-in again', () => {
  it('keeps why through the browser step, and through the device code and its polling', () => {
    expect(run([again, browser])).toMatchObject({ step: 'waiting_for_browser', againBecause: REFRESH_REJECTED });
    expect(run([again, device, { step: 'polling', intervalS: 5 }])).toMatchObject({ step: 'polling', againBecause: REFRESH_REJECTED, device: { userCode: 'WDJB-MJHT' } });
  });

  it('a later first sign-in (no sign_in_again before it) does not inherit the reason', () => {
    const done = run([again, browser, { step: 'exchanging_code' }, { step: 'done' }]);
    expect(run([browser], done)).toMatchObject({ againBecause: null });
    expect(run([device], done)).toMatchObject({ againBecause: null });
  });

  it('the live region says why before what to do', () => {
    expect(flowAnnouncement(run([again, browser]))).toBe(`Sign in again: ${REFRESH_REJECTED}. Sign-in started: approve it in your browser.`);
    expect(flowAnnouncement(run([again, device]))).toBe(`Sign in again: ${REFRESH_REJECTED}. Enter the code WDJB-MJHT on the verification page, then approve.`);
    expect(flowAnnouncement(run([again]))).toBe(`Sign in again: ${REFRESH_REJECTED}.`);
    expect(flowAnnouncement(run([browser]))).toBe('Sign-in started: approve it in your browser.');
  });

  it('the CLI says it on stderr before the sign-in URL', () => {
    let stderr = '';
    const host = cliFlowHost({ stdin: process.stdin, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: process.env, cwd: process.cwd(), waitForStop: () => Promise.resolve() }, 'linux');
    host.onProgress(again);
    expect(stderr).toBe(`Signing in again: ${REFRESH_REJECTED}.\n`);
  });
});
