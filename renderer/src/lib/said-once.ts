/** Saying a failure once: whether one text already says another (pure, no React). */

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Whether `text` already says `message` word for word, whitespace aside (so showing both would repeat it). */
export const repeats = (text: string, message: string): boolean => squash(text).includes(squash(message));

/**
 * Whether an entry's explanation already says its error (a timeout, a network or TLS failure: the explanation's detail
 * is the sender's message), so the status line above it leaves the error out and the sentence shows once.
 */
export const explainsError = (e: { error: string | null; explanation: { detail: string } | null }): boolean =>
  e.explanation !== null && e.error !== null && repeats(e.explanation.detail, e.error);
