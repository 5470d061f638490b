import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeviceFlow } from '../../electron/engine/oauth/device';
import { oauthConfigSchema } from '../../shared/oauth';
import { testDeps } from '../helpers/oauth';
import { startServer, type TestServer } from '../helpers/servers';

/** RFC 8628 §3.5 polling on one flow signal: every poll's wait and request leave no abort listener behind. */
describe('device flow polling and its abort signal', () => {
  // the interval is at least 1 s (RFC 8628 §3.2 bounded): a few polls are enough to see listeners pile up
  const PENDING_POLLS = 2;
  let as: TestServer;
  let polls = 0;
  /** The device answer's interval (s), as JSON text; each test sets its own. */
  let interval = '1';
  beforeAll(async () => {
    as = await startServer((req, res) => {
      const endless = interval !== '1'; // the flood tests: always pending
      res.writeHead(req.url === '/token' && (endless || polls < PENDING_POLLS) ? 400 : 200, { 'Content-Type': 'application/json' });
      if (req.url === '/device') return res.end(`{"device_code":"dc-poll","user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":60,"interval":${interval}}`);
      polls++;
      res.end(polls <= PENDING_POLLS ? '{"error":"authorization_pending"}' : '{"access_token":"at-polled","token_type":"Bearer"}');
    });
  });
  afterAll(() => as.close());

  it(`polls ${PENDING_POLLS} times without piling up abort listeners (no MaxListenersExceededWarning)`, async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const listeners: number[] = [];
    const deps = testDeps(async () => undefined, { signal: controller.signal });
    const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'device_code', deviceAuthorizationEndpoint: `${as.url}/device`, tokenEndpoint: `${as.url}/token`, clientId: 'cid', tokenEndpointAuthMethod: 'none' });
    try {
      const result = await runDeviceFlow(config, { config, clientSecret: null }, {
        ...deps,
        onProgress: (s) => {
          deps.onProgress(s);
          if (s.step === 'polling') listeners.push(getEventListeners(controller.signal, 'abort').length);
        },
      });
      expect(result.tokens.accessToken).toBe('at-polled');
      await new Promise((r) => setImmediate(r)); // a warning is emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(polls).toBe(PENDING_POLLS + 1);
    expect(listeners).toHaveLength(PENDING_POLLS + 1);
    expect(Math.max(...listeners)).toBeLessThanOrEqual(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  }, 20_000);

  it.each([
    ['0.001', 1],
    ['1e30', 300],
  ])('an interval of %s s neither floods the token endpoint nor overflows a timer (polls every %s s)', async (given, usedS) => {
    interval = given;
    polls = 0;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const deps = testDeps(async () => undefined, { signal: controller.signal });
    const config = oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'device_code', deviceAuthorizationEndpoint: `${as.url}/device`, tokenEndpoint: `${as.url}/token`, clientId: 'cid', tokenEndpointAuthMethod: 'none' });
    const stop = setTimeout(() => controller.abort(), 2500);
    try {
      await expect(runDeviceFlow(config, { config, clientSecret: null }, deps)).rejects.toThrow(/cancelled/);
      await new Promise((r) => setImmediate(r)); // a warning is emitted on a later tick
    } finally {
      clearTimeout(stop);
      process.off('warning', onWarning);
    }
    expect(polls).toBeLessThanOrEqual(3);
    expect(deps.steps.find((s) => s.step === 'polling')).toEqual({ step: 'polling', intervalS: usedS });
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  }, 10_000);
});
