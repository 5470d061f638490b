/** Building blocks for regexes assembled from text (needle lists, JSON layouts). */

/** `text` with every regex metacharacter escaped, to match it literally inside a larger pattern. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Pattern source of one JSON string literal (RFC 8259 §7), quotes included: characters other than quote and
 * backslash, or a backslash and any character. Unrolled, so each character has one way to match (no catastrophic
 * backtracking).
 */
export const JSON_STRING_SOURCE = '"[^"\\\\]*(?:\\\\[\\s\\S][^"\\\\]*)*"';
