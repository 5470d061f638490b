/**
 * Freezes `value` and every object and array it holds (in place); returns it. For values shared between callers
 * (a cached profile, a cached auth resolution): a caller that tries to change one gets a TypeError instead of
 * silently changing what every other caller reads.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
