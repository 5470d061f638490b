/** A fresh id for a request (so it can be cancelled) or a form row. */
export function newId(): string {
  return crypto.randomUUID();
}
