import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Gives focus back to the control that opened a view when the view closes, so a keyboard user continues where they
 * were instead of at the page body. `remember` (when opening) notes the focused control; `restore` (when closing, once
 * the previous view is back) focuses it, or, when that view was rendered anew, the button under `root` with the same
 * text (its twin), or `root` itself.
 */
export function useOpenerFocus(root: RefObject<HTMLElement | null>) {
  const opener = useRef<{ element: HTMLElement; text: string } | null>(null);
  const [restoring, setRestoring] = useState(0);
  useEffect(() => {
    if (restoring === 0) return;
    const noted = opener.current;
    opener.current = null;
    const twin = () => [...(root.current?.querySelectorAll<HTMLElement>('button') ?? [])].find((b) => b.textContent === noted?.text);
    const target = noted?.element.isConnected ? noted.element : twin();
    (target ?? root.current)?.focus();
  }, [restoring, root]);
  return {
    remember: () => {
      const focused = document.activeElement;
      opener.current = focused instanceof HTMLElement && focused !== document.body ? { element: focused, text: focused.textContent ?? '' } : null;
    },
    restore: () => setRestoring((n) => n + 1),
  };
}
