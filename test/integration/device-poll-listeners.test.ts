import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeviceFlow } from '../../electron/engine/oauth/device';
import { oauthConfigSchema } from '../../shared/oauth';
import { testDeps } from '../helpers/oauth';
import { startServer, type TestServer } from '../helpers/servers';

/** RFC 8628 §3.5 polling on one flow signal: every poll's wait and request leave no abort listener behind. */
describe('device flow polling and its abort signal', () => {
  const PENDING_POLLS = 25;
  let as: TestServer;
  let polls = 0;
  beforeAll(async () => {
    as = await startServer((req, res) => {
      res.writeHead(req.url === '/token' && polls < PENDING_POLLS ? 400 : 200, { 'Content-Type': 'application/json' });
      if (req.url === '/device') return res.end('{"device_code":"dc-poll","user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":60,"interval":0.005}');
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
});
