import { StringDecoder } from 'node:string_decoder';
import type { SecretSlot } from '../../shared/profile';
import { CliError, EXIT, usage, type CliIO } from './context';
import { isPemSlot, privateKeyLabel } from './key-material';

/**
 * Reading secrets: one per line from standard input (pipes, files, heredocs), or a hidden prompt when standard
 * input is a terminal. A PEM private key is the one multi-line value: its whole block, from the BEGIN line to the
 * matching END line. Values are only ever returned to the caller, never echoed, printed or put in a message.
 */

type Input = CliIO['stdin'];

/** Reads lines from a stream on demand; `null` once the stream has ended with no more lines. */
export class LineReader {
  private buffer = '';
  private ended = false;
  private failed: Error | null = null;
  private first = true;
  private readonly decoder = new StringDecoder('utf8');
  private wake: (() => void) | null = null;
  private readonly onData = (chunk: Buffer | string) => {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.notify();
  };
  private readonly onEnd = () => {
    this.buffer += this.decoder.end();
    this.ended = true;
    this.notify();
  };
  private readonly onError = (e: Error) => {
    this.failed = e;
    this.ended = true;
    this.notify();
  };

  constructor(private readonly input: Input) {
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.on('close', this.onEnd);
    input.on('error', this.onError);
    input.resume();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The next line without its line ending (one trailing `\r\n` or `\n`), or null at the end of input. */
  async next(): Promise<string | null> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      let line: string | null = null;
      if (nl >= 0) {
        line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
      } else if (this.ended) {
        if (this.failed) throw new CliError(`Could not read standard input (${(this.failed as NodeJS.ErrnoException).code ?? 'error'}).`, EXIT.usage);
        if (this.buffer === '') return null;
        line = this.buffer; // the last line may lack its newline
        this.buffer = '';
      }
      if (line !== null) {
        if (this.first && line.startsWith('\uFEFF')) line = line.slice(1);
        this.first = false;
        return line;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops reading so the process can exit, whatever is left unread. */
  close(): void {
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('close', this.onEnd);
    this.input.off('error', this.onError);
    this.input.pause();
    this.buffer = '';
  }
}

/**
 * Reads one line from a terminal in raw mode, echoing nothing. Enter ends the line, Backspace deletes, Ctrl+U
 * clears, Ctrl+D on an empty line is the end of input (null), Ctrl+C cancels.
 */
export function readHidden(input: Input, prompt: () => void = () => {}): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let value = '';
    const decoder = new StringDecoder('utf8');
    const finish = (result: string | null | Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text.startsWith('\u001b')) return; // arrow keys and other escape sequences
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003') return finish(new CliError('Cancelled.', EXIT.interrupted));
        if (ch === '\u0004') {
          if (value === '') return finish(null);
          return finish(value);
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = '';
        else if (ch >= ' ' || ch === '\t') value += ch;
      }
    };
    input.setRawMode?.(true); // before the prompt shows: whatever is typed after it is never echoed
    prompt();
    input.on('data', onData);
    input.resume();
  });
}

/** Where the secrets of one command come from, in the order of {@link secretSlots}. */
export interface SecretSource {
  read(slot: SecretSlot): Promise<string>;
  close(): void;
}

/**
 * A secret source on `io.stdin`: a hidden prompt (on `io.stderr`) when it is a terminal, else one value per line.
 * A missing line is a usage error; an empty line is an empty value, accepted only where the slot allows it.
 * @param endHints by slot: a sentence added to the message when standard input ends before that slot (how to do
 *   without it, e.g. a client_secret that the grant does not require)
 */
export function secretSource(io: CliIO, profileName: string, endHints: Readonly<Record<string, string>> = {}): SecretSource {
  const tty = io.stdin.isTTY === true;
  if (tty && typeof io.stdin.setRawMode !== 'function') {
    throw usage('Standard input is a terminal that cannot hide what you type; pipe the secret on standard input instead.');
  }
  let lines: LineReader | null = null;
  /** Lines of standard input consumed so far, for messages. */
  let line = 0;
  const nextLine = () => {
    lines ??= new LineReader(io.stdin);
    line++;
    return lines.next();
  };
  const ended = (slot: SecretSlot) =>
    usage(
      `Standard input ended before the ${slot.label} (line ${line}). Give one secret per line, in order; ` +
        `an empty line is an empty value${slot.mayBeEmpty ? '' : ' (not allowed here)'}.${endHints[slot.slot] ? ` ${endHints[slot.slot]}` : ''}`,
    );
  /** A PEM private key from standard input: the lines from its BEGIN line to the matching END line, joined. */
  const readPem = async (slot: SecretSlot): Promise<string> => {
    if (tty) throw usage(`The ${slot.label} spans many lines, which a hidden prompt cannot take: give it with --key-file FILE, or pipe it on standard input.`);
    const first = await nextLine();
    if (first === null) throw ended(slot);
    const label = privateKeyLabel(first);
    if (!label) throw usage(`Line ${line} of standard input should start the ${slot.label}: a -----BEGIN … PRIVATE KEY----- line (or give --key-file FILE).`);
    const block = [first.trim()];
    for (;;) {
      const next = await nextLine();
      if (next === null) throw usage(`Standard input ended before the -----END ${label}----- line of the ${slot.label}.`);
      block.push(next);
      if (next.trim() === `-----END ${label}-----`) return `${block.join('\n')}\n`;
    }
  };
  return {
    async read(slot) {
      if (isPemSlot(slot.slot)) return readPem(slot);
      let value: string | null;
      if (tty) {
        line++;
        value = await readHidden(io.stdin, () =>
          io.stderr.write(`${capitalize(slot.label)} for profile "${profileName}"${slot.mayBeEmpty ? ' (may be empty)' : ''}, input hidden: `),
        );
        io.stderr.write('\n');
      } else {
        value = await nextLine();
      }
      if (value === null) throw ended(slot);
      if (value.trim() === '' && !slot.mayBeEmpty) {
        throw usage(`The ${slot.label} cannot be empty or only whitespace (line ${line} of standard input).`);
      }
      return value;
    },
    close() {
      lines?.close();
    },
  };
}

/**
 * Reads the values of `slots` (slot → value), skipping those in `skip` (environment references).
 * @param endHints see {@link secretSource}
 */
export async function readSecrets(
  io: CliIO,
  profileName: string,
  slots: SecretSlot[],
  skip: ReadonlySet<string> = new Set(),
  endHints: Readonly<Record<string, string>> = {},
): Promise<Record<string, string>> {
  const wanted = slots.filter((s) => !skip.has(s.slot));
  const values: Record<string, string> = {};
  if (wanted.length === 0) return values;
  const source = secretSource(io, profileName, endHints);
  try {
    for (const slot of wanted) values[slot.slot] = await source.read(slot);
  } finally {
    source.close();
  }
  return values;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
