import { useEffect, useRef, type KeyboardEvent } from 'react';

/**
 * Keeps keyboard focus around an inline panel (a Replace form, a confirmation, an edit form) or a busy action. When
 * `active` turns false and focus has fallen to the page body (the panel's own button went away with it, or a busy
 * button was disabled), focus goes back to the element behind the returned ref: the button that opened the panel or
 * ran the action. Focus a person moved elsewhere stays where it is.
 */
export function useFocusReturn<T extends HTMLElement>(active: boolean) {
  const trigger = useRef<T>(null);
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) {
      const focused = document.activeElement;
      if (!focused || focused === document.body) trigger.current?.focus();
    }
    wasActive.current = active;
  }, [active]);
  return trigger;
}

/** A keydown handler that calls `close` on Escape: inline panels close with Escape like dialogs do. */
export function closeOnEscape(close: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close();
  };
}
