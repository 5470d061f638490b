/**
 * Commands pasted from Windows docs: cmd.exe continues a line with `^`, PowerShell with a backtick. This rewrites
 * such a command into the POSIX text that `shellWords` reads, so it splits into the same words:
 * - the escape character before a line break (outside quotes) joins the lines, as `\` does in a POSIX shell;
 * - elsewhere outside quotes it escapes the next character (`^&` is a literal `&`), which becomes `\&`;
 * - inside quotes it is literal in cmd (`"a^b"`), and quoted text is left as it is;
 * - an unquoted backslash is literal in both shells (`C:\certs\ca.pem`), so it is doubled.
 * A command without such a continuation is returned unchanged: then it is read as POSIX shell text.
 */

interface Dialect {
  escape: string;
  /** The characters that open a quote: cmd knows only double quotes, PowerShell also single ones. */
  quotes: string;
}

const CMD: Dialect = { escape: '^', quotes: '"' };
const POWERSHELL: Dialect = { escape: '`', quotes: `"'` };

/** A line continuation: the escape character, optional trailing blanks (a copy often adds them), a line break. */
const CONTINUATION = /^[ \t]*\r?\n/;

function rewrite(input: string, d: Dialect): string | null {
  let out = '';
  let quote: string | null = null;
  let joined = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
      out += c;
    } else if (d.quotes.includes(c)) {
      quote = c;
      out += c;
    } else if (c === d.escape) {
      const eol = CONTINUATION.exec(input.slice(i + 1));
      if (eol) {
        joined = true;
        out += ' ';
        i += eol[0].length;
      } else if (i + 1 < input.length) {
        out += `\\${input[++i]!}`;
      }
    } else if (c === '\\') {
      out += input[i + 1] === '"' ? '\\' : '\\\\';
    } else {
      out += c;
    }
  }
  return joined ? out : null;
}

/** `command` as POSIX shell text when it continues its lines the cmd.exe or PowerShell way; else `command` itself. */
export function fromWindowsShell(command: string): string {
  return rewrite(command, CMD) ?? rewrite(command, POWERSHELL) ?? command;
}
