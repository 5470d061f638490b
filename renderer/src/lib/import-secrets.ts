import type { SlotState } from './import-preview';
import { readSlot } from './secrets';

/** What was typed for the slots an import left empty, or the first one still missing (with its input to focus). */
export function readTyped(root: HTMLElement, slots: SlotState[]): { ok: true; typed: Record<string, string> } | { ok: false; message: string; input: HTMLInputElement | null } {
  const typed: Record<string, string> = {};
  for (const s of slots.filter((x) => x.found === null)) {
    const value = readSlot(root, s.slot);
    if (value === '' && !s.mayBeEmpty) return { ok: false, message: `Enter the ${s.label}.`, input: root.querySelector<HTMLInputElement>(`input[data-secret-slot="${s.slot}"]`) };
    typed[s.slot] = value;
  }
  return { ok: true, typed };
}
