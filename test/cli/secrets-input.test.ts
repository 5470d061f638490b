import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../electron/cli/context';
import { LineReader, readHidden, readSecrets } from '../../electron/cli/secrets-input';
import type { SecretSlot } from '../../shared/profile';

/** The secret readers, fed byte by byte and through a fake terminal. */

const chunks = (...parts: (string | Buffer)[]) => Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
const all = async (r: LineReader) => {
  const out: (string | null)[] = [];
  for (let i = 0; i < 10; i++) {
    const line = await r.next();
    out.push(line);
    if (line === null) break;
  }
  return out;
};

describe('LineReader', () => {
  it('strips one \\n or \\r\\n per line, keeps empty lines, accepts a last line without newline', async () => {
    expect(await all(new LineReader(chunks('a\r\n\nb\r\r\n', 'c')))).toEqual(['a', '', 'b\r', 'c', null]);
    expect(await all(new LineReader(chunks('')))).toEqual([null]);
    expect(await all(new LineReader(chunks('x\n')))).toEqual(['x', null]);
    expect(await all(new LineReader(chunks('\uFEFFbom\n')))).toEqual(['bom', null]);
  });

  it('decodes UTF-8 split across chunks, and keeps leading/trailing spaces and tabs', async () => {
    const bytes = Buffer.from('Ωmega-日本 \t\nnext', 'utf8');
    const parts = [...bytes].map((b) => Buffer.from([b])); // one byte per chunk
    expect(await all(new LineReader(Readable.from(parts)))).toEqual(['Ωmega-日本 \t', 'next', null]);
  });

  it('answers null on an empty stream that is still open only once it ends (no busy loop, no hang after end)', async () => {
    const input = new PassThrough();
    const reader = new LineReader(input);
    const pending = reader.next();
    let done = false;
    void pending.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    input.end('late');
    expect(await pending).toBe('late');
    expect(await reader.next()).toBeNull();
  });
});

/** A PassThrough that claims to be a terminal, recording raw-mode switches. */
function fakeTty() {
  const tty = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (m: boolean) => void; modes: boolean[] };
  tty.isTTY = true;
  tty.modes = [];
  tty.setRawMode = (m: boolean) => void tty.modes.push(m);
  return tty;
}

describe('hidden prompt', () => {
  it('reads in raw mode, handles backspace and Ctrl+U, restores the terminal', async () => {
    const tty = fakeTty();
    const p = readHidden(tty);
    tty.write('wrong');
    tty.write('\u0015'); // Ctrl+U clears
    tty.write('pä');
    tty.write('sx\u007f'); // backspace removes x
    tty.write('s\r');
    expect(await p).toBe('päss');
    expect(tty.modes).toEqual([true, false]);
  });

  it('Ctrl+C cancels with exit code 130; Ctrl+D on an empty line is the end of input', async () => {
    const tty = fakeTty();
    const c = readHidden(tty);
    tty.write('abc\u0003');
    await expect(c).rejects.toMatchObject({ exitCode: 130 });
    const d = readHidden(tty);
    tty.write('\u0004');
    expect(await d).toBeNull();
    expect(tty.modes).toEqual([true, false, true, false]);
  });

  it('prompts on stderr naming the slot, never echoing the value', async () => {
    const tty = fakeTty();
    let stderr = '';
    let stdout = '';
    const order: string[] = [];
    const setRaw = tty.setRawMode;
    tty.setRawMode = (m: boolean) => (order.push(`raw:${m}`), setRaw(m));
    const io = {
      stdin: tty,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (order.push(s.includes('input hidden') ? 'prompt' : 'text'), (stderr += s)) },
    } as unknown as CliIO;
    const slots: SecretSlot[] = [
      { slot: 'username', label: 'username', mayBeEmpty: false },
      { slot: 'password', label: 'password', mayBeEmpty: true },
    ];
    const result = readSecrets(io, 'stripe', slots);
    await new Promise((r) => setTimeout(r, 10));
    tty.write('sk_test_Secret1\r');
    await new Promise((r) => setTimeout(r, 10));
    tty.write('\r');
    expect(await result).toEqual({ username: 'sk_test_Secret1', password: '' });
    expect(stderr).toContain('Username for profile "stripe", input hidden: ');
    expect(stderr).toContain('Password for profile "stripe" (may be empty), input hidden: ');
    expect(stderr + stdout).not.toContain('Secret1');
    // raw mode (no echo) is on before each prompt shows, so nothing typed after the prompt can echo
    expect(order.filter((o) => o !== 'text')).toEqual(['raw:true', 'prompt', 'raw:false', 'raw:true', 'prompt', 'raw:false']);
  });

  it('refuses a terminal that cannot hide input (exit 2) instead of echoing the secret', async () => {
    const io = { stdin: Object.assign(new PassThrough(), { isTTY: true }), stderr: { write: () => true } } as unknown as CliIO;
    await expect(readSecrets(io, 'x', [{ slot: 'token', label: 'token', mayBeEmpty: false }])).rejects.toMatchObject({ exitCode: 2 });
  });
});
