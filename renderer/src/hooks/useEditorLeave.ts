import { useEffect, useRef, useState, type KeyboardEvent, type MutableRefObject, type RefObject } from 'react';

/**
 * A way out of an editor that asks first: called with where the person is going (`go`: the sidebar's profile, New
 * profile, Settings…), it goes at once or shows the editor's "discard?" step and goes only on Discard.
 */
export type LeaveGuard = (go: () => void) => void;

/** The editor's "discard?" step while it shows: where Keep editing puts focus, and what Discard does. */
interface Confirming {
  back: HTMLElement | null;
  discard: () => void;
}

/** What tells one editor from another to useEditorLeave. */
export interface EditorLeaveOptions {
  /** Whether the form holds changes that onInput does not see (a row removed by a button, say); typed input counts anyway. */
  changed?: () => boolean;
  /** Shows the form when it must ask while hidden (kept in an inactive tab): its question is then seen. */
  reveal?: () => void;
}

/**
 * Leaving an editor (New profile, a profile's Edit settings) without losing what was typed by surprise. Escape anywhere in the editor's view (in
 * the form, or on the page body or main area after a click on blank space; not in the sidebar or a dialog) cancels,
 * and any other way out (`guard`, which the window calls before sidebar navigation) goes; once something was typed,
 * both ask first (`confirming`). Keep editing leaves every field as it was, focus back where it was (or on the first
 * field when the person had clicked elsewhere); Discard cancels or goes where they were going, focus on what they
 * clicked.
 */
export function useEditorLeave(
  form: RefObject<HTMLFormElement | null>,
  onCancel: () => void,
  guard: MutableRefObject<LeaveGuard | null>,
  options: EditorLeaveOptions = {},
) {
  const typed = useRef(false);
  const dirty = () => typed.current || (options.changed?.() ?? false);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const focusedInForm = (): HTMLElement | null => {
    const focused = document.activeElement;
    const inForm = focused instanceof HTMLElement && form.current?.contains(focused);
    return inForm ? focused : (form.current?.querySelector<HTMLElement>('input, select, textarea') ?? null);
  };
  const ask = (discard: () => void) => {
    if (form.current?.closest('[hidden]')) options.reveal?.();
    setConfirming({ back: focusedInForm(), discard });
  };
  const escape = () => {
    if (confirming) return keepEditing();
    if (!dirty()) return onCancel();
    ask(onCancel);
  };
  const keepEditing = () => {
    confirming?.back?.focus();
    setConfirming(null);
  };
  // Sidebar navigation asks first too; Discard then goes there, focus left on what was clicked.
  const leave: LeaveGuard = (go) => {
    if (!dirty()) return go();
    const clicked = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ask(() => {
      go();
      if (clicked?.isConnected) clicked.focus();
    });
  };
  // Set after each render and cleared on unmount (before a remounted editor sets its own).
  useEffect(() => {
    guard.current = leave;
  });
  useEffect(() => () => void (guard.current = null), [guard]);
  // Escape where focus sits around the form (the page body, the main area), not inside it (onKeyDown below) nor in
  // another region such as the sidebar or a dialog), and not while the form is hidden in an inactive tab.
  useEffect(() => {
    const onDocumentKey = (e: globalThis.KeyboardEvent) => {
      const f = form.current;
      const t = e.target;
      if (e.key !== 'Escape' || e.defaultPrevented || !f || !(t instanceof Node) || f.contains(t)) return;
      if ((t !== document.body && !t.contains(f)) || f.closest('[hidden]')) return;
      e.preventDefault();
      escape();
    };
    document.addEventListener('keydown', onDocumentKey);
    return () => document.removeEventListener('keydown', onDocumentKey);
  });
  return {
    /** The form's onInput: something was typed or chosen (secret inputs included, which no draft holds). */
    onInput: () => void (typed.current = true),
    /** The form's onKeyDown: Escape inside the form. */
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      escape();
    },
    confirming: confirming !== null,
    discard: () => confirming?.discard(),
    keepEditing,
  };
}
