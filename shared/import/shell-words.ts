/**
 * A POSIX shell word splitter for pasted commands (POSIX.1-2017 XCU §2.2 Quoting, §2.3 Token Recognition), plus
 * bash's `$'…'` ANSI-C quoting. It quotes and splits exactly like the shell, but expands nothing: `$VAR` and `$(…)`
 * stay literal and are reported, since a pasted command must never run anything.
 */

export interface ShellWords {
  words: string[];
  warnings: string[];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Reads a `$'…'` body starting after the opening quote; returns the text and the index after the closing quote. */
function ansiC(input: string, start: number): [string, number] {
  let out = '';
  let i = start;
  while (i < input.length && input[i] !== "'") {
    const c = input[i]!;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const n = input[i + 1] ?? '';
    const hex = /^(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3})/.exec(input.slice(i + 1))?.[1];
    if (hex) {
      const code = hex[0] === 'x' || hex[0] === 'u' || hex[0] === 'U' ? parseInt(hex.slice(1), 16) : parseInt(hex, 8);
      out += String.fromCodePoint(code);
      i += 1 + hex.length;
    } else {
      out += SIMPLE_ESCAPES[n] ?? `\\${n}`;
      i += 2;
    }
  }
  if (i >= input.length) throw new Error("Unterminated $'…' quote in the command.");
  return [out, i + 1];
}

/**
 * Splits `input` into words. Backslash-newline outside single quotes is a line continuation (removed). An unquoted
 * `;`, `|`, `&` or newline ends the first command; the rest is ignored with a warning.
 * @throws Error on an unterminated quote
 */
export function shellWords(input: string): ShellWords {
  const words: string[] = [];
  const warnings = new Set<string>();
  let word: string | null = null;
  let i = 0;
  const push = (s: string) => {
    word = (word ?? '') + s;
  };
  const end = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\') {
      if (input[i + 1] === '\n') i += 2;
      else if (input.startsWith('\r\n', i + 1)) i += 3;
      else {
        push(input[i + 1] ?? '');
        i += 2;
      }
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new Error('Unterminated single quote in the command.');
      push(input.slice(i + 1, close));
      i = close + 1;
    } else if (c === '$' && input[i + 1] === "'") {
      const [text, next] = ansiC(input, i + 2);
      push(text);
      i = next;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < input.length && input[j] !== '"'; j++) {
        if (input[j] === '\\' && '$`"\\\n'.includes(input[j + 1] ?? '')) {
          if (input[j + 1] !== '\n') text += input[j + 1];
          j++;
        } else {
          if (input[j] === '$' || input[j] === '`') warnings.add('The command uses shell variables or substitutions ($…, `…`); they were kept literally, not expanded.');
          text += input[j];
        }
      }
      if (j >= input.length) throw new Error('Unterminated double quote in the command.');
      push(text);
      i = j + 1;
    } else if (c === ' ' || c === '\t' || (c === '\r' && input[i + 1] === '\n')) {
      end();
      i++;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&') {
      if (input.slice(i).trim() !== '') warnings.add(`Only the first command was imported; the text after "${c === '\n' ? 'a line break' : c}" was ignored.`);
      break;
    } else if (c === '#' && word === null) {
      const nl = input.indexOf('\n', i);
      i = nl < 0 ? input.length : nl;
    } else {
      if (c === '$' || c === '`') warnings.add('The command uses shell variables or substitutions ($…, `…`); they were kept literally, not expanded.');
      push(c);
      i++;
    }
  }
  end();
  return { words, warnings: [...warnings] };
}
