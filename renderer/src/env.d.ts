import type { Bridge } from '../../shared/contract';

declare global {
  interface Window {
    /** The bridge exposed by the preload (or the e2e harness); absent when the page runs outside Authdesk. */
    authdesk?: Bridge;
  }
}

export {};
