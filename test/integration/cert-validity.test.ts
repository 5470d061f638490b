import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { realKeychain } from '../helpers/keyring';
import { mtlsMaterial } from '../helpers/tls';

const m = mtlsMaterial();
const validTo = Date.parse(new X509Certificate(m.clientCert).validTo);
let engine: Engine | null = null;
let home = '';
afterEach(async () => {
  if (engine) {
    for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
    await engine.close();
  }
  engine = null;
  await rm(home, { recursive: true, force: true });
});

/** A profile whose client certificate is past its validity says so with its warnings (profile add/show, the app). */
describe('client certificate validity', () => {
  const open = async (now: number) => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-certvalid-'));
    engine = await Engine.open({ home, secretStore: realKeychain(), clock: () => now });
    return engine.createProfile({ name: 'mtls', clientType: 'confidential', auth: { scheme: 'mtls', format: 'pem', certificatePem: m.clientCert, caPem: m.caCert }, secrets: { client_key: m.clientKey, client_key_passphrase: '' } });
  };

  it('expired: a warning with the date, the rule and the fix', async () => {
    const view = await open(validTo + 60_000);
    expect(view.warnings).toContainEqual({ code: 'client-certificate-expired', message: expect.stringContaining('expired on'), rule: expect.stringContaining('RFC 5280'), fix: expect.stringContaining('renewed') });
  });

  it('within its validity: no warning', async () => {
    const view = await open(validTo - 60_000);
    expect(view.warnings.map((w) => w.code)).not.toContain('client-certificate-expired');
  });
});
