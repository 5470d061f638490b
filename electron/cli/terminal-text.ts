import type { CliIO } from './context';

/**
 * Text the CLI prints that a server chose (a body preview, a status text, a device flow's verification URI) made
 * safe for a terminal: characters a terminal would act on instead of showing are written as visible escapes, so a
 * hostile server cannot clear the screen, move the cursor, set the window title, ring the bell, or reorder what the
 * user reads. C0 controls (ECMA-48 §5.2: ESC starts every escape sequence) become `\x1b`, `\x07`…; DEL, the C1
 * controls (ECMA-48 §5.3: U+009B is a one-character CSI) and the Unicode bidirectional formatting characters
 * (Bidi_Control, UAX #9 §2: U+202E RIGHT-TO-LEFT OVERRIDE and its kin, the "Trojan Source" characters, CVE-2021-42574)
 * and U+2028/U+2029 become `\u007f`, `\u009b`, `\u202e`…. Those `\uXXXX` escapes are JSON escapes of the very same
 * characters, and JSON.stringify already writes every C0 control as one, so JSON output stays valid and means the
 * same after this pass.
 */

/** Bidi_Control (UAX #9 §2: ALM, LRM, RLM, LRE…RLO, LRI…PDI) and the line and paragraph separators. */
const UNICODE_FORMAT = '\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069';
/** One line: every C0 control (tab and newline too), DEL, C1, and the characters above. */
const UNSAFE_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${UNICODE_FORMAT}]`, 'g');
/** A block of lines: the same, but newline, tab and a CR that ends a line (CRLF) are kept; a lone CR is not. */
const UNSAFE_BLOCK = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${UNICODE_FORMAT}]|\\r(?!\\n)`, 'g');

const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** The visible escape of one unsafe character: `\n`-style for tab/LF/CR, `\xHH` for other C0, else `\uXXXX`. */
function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (SHORT[c]) return SHORT[c];
  const hex = code.toString(16).padStart(code < 0x20 ? 2 : 4, '0');
  return code < 0x20 ? `\\x${hex}` : `\\u${hex}`;
}

/**
 * `text` for one line of terminal output (a URI, a user code, a status text): every character listed above,
 * newline and tab included, as its visible escape. Other text is returned as it is. Cost: one regex pass.
 */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE_LINE, escapeOne);
}

/**
 * `text` for terminal output of several lines (a response body preview, a whole message): as {@link terminalLine},
 * but newlines, tabs and CRLF line ends are kept. Cost: one regex pass (a test first: clean text is not copied).
 */
export function terminalBlock(text: string): string {
  UNSAFE_BLOCK.lastIndex = 0;
  return UNSAFE_BLOCK.test(text) ? text.replace(UNSAFE_BLOCK, escapeOne) : text;
}

/**
 * `io` with its stdout and stderr passing every chunk through {@link terminalBlock}: the last line of defence for
 * whatever a command prints (server text in `send`, `history`, an error message). The CLI itself writes no control
 * characters but newlines and tabs, and `--json` output is JSON.stringify's (see the file comment), so nothing
 * meant is lost.
 */
export function terminalSafeIO(io: CliIO): CliIO {
  const safe = (w: CliIO['stdout']): CliIO['stdout'] => ({ write: (chunk: string) => w.write(typeof chunk === 'string' ? terminalBlock(chunk) : chunk) });
  return { ...io, stdout: safe(io.stdout), stderr: safe(io.stderr) };
}

/**
 * Whether `uri` may be offered as a link to open: an absolute `http:` or `https:` URL (RFC 9110 §4.2) with nothing
 * {@link terminalLine} would escape, so what the user sees is exactly what they would open. A `javascript:`, `data:`
 * or `file:` URI, or one with control characters, is not.
 */
export function isOfferableUrl(uri: string): boolean {
  if (!/^https?:\/\//i.test(uri) || terminalLine(uri) !== uri) return false;
  try {
    return ['http:', 'https:'].includes(new URL(uri).protocol);
  } catch {
    return false; // not a URL at all
  }
}
