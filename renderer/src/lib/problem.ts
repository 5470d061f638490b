/**
 * Something to fix before a form can be saved: the words for the person, and the field where the fix is typed. The
 * field is the `data-field` attribute of its input (for a draft, the draft's key, such as `tokenEndpoint`); only one
 * scheme's fields show at a time, so a key names one input in the form.
 */
export interface Problem {
  message: string;
  field: string;
}

/** The problem `message`, to be fixed in the input whose `data-field` is `field`. */
export const problemAt = (field: string, message: string): Problem => ({ field, message });

/** Moves focus to the input under `root` that the problem names (its `data-field`), when it is shown. */
export function focusProblem(root: HTMLElement, problem: Problem): void {
  root.querySelector<HTMLElement>(`[data-field="${problem.field}"]`)?.focus();
}
