import { useCallback, useEffect, useState } from 'react';
import type { Events } from '../../../shared/contract';
import type { FlowStep } from '../../../shared/oauth';
import { subscribe } from '../api';

type DeviceStep = Extract<FlowStep, { step: 'device_code' }>;

/** What a sign-in in progress has shown so far: the latest step, and what earlier steps gave to keep on screen. */
export interface FlowState {
  step: FlowStep['step'];
  authorizationUrl: string | null;
  device: Omit<DeviceStep, 'step'> | null;
  intervalS: number | null;
  /** Why this is a sign-in again (the saved refresh token was refused), kept for the whole flow; null for a first one. */
  againBecause: string | null;
}

const empty: FlowState = { step: 'done', authorizationUrl: null, device: null, intervalS: null, againBecause: null };

/**
 * The state after progress event `e`: a browser or device step starts afresh, keeping why it is a sign-in again only
 * when the step just before said so (`sign_in_again`); polling keeps what the device step showed.
 */
export function advanceFlow(prev: FlowState | null, e: Events['oauth.progress']): FlowState {
  const base = prev ?? empty;
  switch (e.step) {
    case 'sign_in_again':
      return { ...empty, step: e.step, againBecause: e.reason };
    case 'waiting_for_browser':
      return { ...empty, step: e.step, authorizationUrl: e.authorizationUrl, againBecause: base.step === 'sign_in_again' ? base.againBecause : null };
    case 'device_code':
      return {
        ...empty,
        step: e.step,
        device: { userCode: e.userCode, verificationUri: e.verificationUri, verificationUriComplete: e.verificationUriComplete, expiresAt: e.expiresAt },
        againBecause: base.step === 'sign_in_again' ? base.againBecause : null,
      };
    case 'polling':
      return { ...base, step: e.step, intervalS: e.intervalS };
    default:
      return { ...base, step: e.step };
  }
}

/**
 * Follows the `oauth.progress` events of one profile's sign-in (pushed by the engine while a browser or device
 * flow runs). `reset` forgets the last flow, to call before starting a new one.
 */
export function useFlowProgress(profileId: string | null): { state: FlowState | null; reset: () => void } {
  const [state, setState] = useState<FlowState | null>(null);
  useEffect(() => {
    if (!profileId) return undefined;
    return subscribe('oauth.progress', (e) => {
      if (e.profileId === profileId) setState((prev) => advanceFlow(prev, e));
    });
  }, [profileId]);
  const reset = useCallback(() => setState(null), []);
  return { state, reset };
}
