import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { basicOf, ROOT, runCli, startRecorder, tempHome } from './helpers';

/**
 * The hidden prompt on a real pseudo-terminal: what the user types is never echoed. Node has no pty of its own, so
 * Python's `pty` module drives the real CLI; the test is skipped (and says so) where python3 is missing.
 */

const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

const DRIVER = String.raw`
import os, pty, sys, time, select, json
argv = json.loads(sys.argv[1]); keys = json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b''
def read_until(pat, t=30):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: out += os.read(fd, 4096)
            except OSError: return False
            if pat.encode() in out: return True
    return False
ok = True
for wait_for, typed in keys:
    ok = ok and read_until(wait_for)
    os.write(fd, typed.encode())
read_until('\x00', 10)
_, status = os.waitpid(pid, 0)
print(json.dumps({'ok': ok, 'code': os.waitstatus_to_exitcode(status), 'out': out.decode('utf8', 'replace')}))
`;

describe.skipIf(!hasPython)('hidden prompt on a real terminal', () => {
  it('saves what was typed without echoing it, and the saved value works', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const cli = [process.execPath, '--import', 'tsx', 'electron/cli/index.ts'];
      const run = (args: string[], keys: [string, string][]) =>
        JSON.parse(
          execFileSync('python3', ['-c', DRIVER, JSON.stringify([...cli, ...args]), JSON.stringify(keys)], {
            cwd: ROOT,
            env: { ...process.env, AUTHDESK_HOME: home },
            timeout: 60_000,
          }).toString(),
        ) as { ok: boolean; code: number; out: string };
      const add = run(['profile', 'add', 'tty', '--scheme', 'basic', '--secret-username'], [
        ['Username for profile "tty"', 'TypedUserX\u007fQ\r'],
        ['Password for profile "tty"', 'Typed-Pässwörd-zq\r'],
      ]);
      expect(add.ok, add.out).toBe(true);
      expect(add.code, add.out).toBe(0);
      expect(add.out).toContain('saved · fingerprint');
      for (const typed of ['TypedUser', 'Typed-P', 'wörd-zq']) expect(add.out).not.toContain(typed);
      const recorder = await startRecorder();
      try {
        expect((await runCli(['send', 'tty', `${recorder.url}/me`], { home })).code).toBe(0);
        expect(basicOf(recorder.requests[0]?.headers.authorization as string)).toBe('TypedUserQ:Typed-Pässwörd-zq');
      } finally {
        await recorder.close();
      }
      const cancel = run(['profile', 'add', 'tty2', '--scheme', 'bearer'], [['Token for profile', 'abc\u0003']]);
      expect(cancel.code).toBe(130);
      expect(cancel.out).not.toContain('abc');
    } finally {
      await cleanup();
    }
  }, 90_000);
});
