/** Bodies at or above this size are shown as received: pretty-printing them would stall the window. */
const PRETTY_LIMIT_BYTES = 1024 * 1024;

/** The body as it should be displayed: indented JSON when it is JSON and small enough, else the text as is. */
export function displayBody(text: string, contentType: string | null, bytes: number): string {
  const looksJson = contentType?.toLowerCase().includes('json') ?? /^\s*[[{]/.test(text);
  if (!looksJson || bytes >= PRETTY_LIMIT_BYTES || text.length >= PRETTY_LIMIT_BYTES) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
