import { createContext, useContext } from 'react';

/** The secret slot a form refused (see readSecrets) and the id of the alert that says why. */
export interface InvalidSlot {
  slot: string;
  messageId: string;
}

/** Provided by a form with secret inputs: the one it refused, if any, so that input is marked invalid (WCAG 3.3.1). */
export const InvalidSlotContext = createContext<InvalidSlot | null>(null);

/**
 * The ARIA attributes of the secret input for `slot`: aria-invalid and the form's alert in aria-describedby when the
 * form refused it, after its own description ids (`describedBy`, may be empty).
 */
export function useSlotAria(slot: string, describedBy: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const invalid = useContext(InvalidSlotContext);
  const refused = invalid?.slot === slot;
  const ids = [describedBy, refused ? invalid.messageId : ''].filter((s) => s !== '').join(' ');
  return { ...(refused ? { 'aria-invalid': true } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}
