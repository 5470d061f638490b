/** Whether `value` is an absolute http:// or https:// URL (what the engine accepts for requests and endpoints). */
export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
