import { secretSlots, type AuthConfig } from '../../../shared/profile';

/** What the secret inputs of a form hold for a scheme, or the first missing one. */
export type SecretsRead = { ok: true; secrets: Record<string, string> } | { ok: false; message: string; input: SecretField | null };

/** A secret input, or the textarea of a multi-line secret (a PEM key: see SecretTextArea). */
type SecretField = HTMLInputElement | HTMLTextAreaElement;

const inputsOf = (root: HTMLElement) => [...root.querySelectorAll<SecretField>('input[data-secret-slot], textarea[data-secret-slot]')];

/** Reads the values of the `data-secret-slot` inputs under `root` for the slots `auth` needs. */
export function readSecrets(root: HTMLElement, auth: AuthConfig): SecretsRead {
  const inputs = new Map(inputsOf(root).map((i) => [i.dataset.secretSlot ?? '', i]));
  const secrets: Record<string, string> = {};
  for (const s of secretSlots(auth)) {
    const input = inputs.get(s.slot) ?? null;
    const value = input?.value ?? '';
    if (value === '' && !s.mayBeEmpty) return { ok: false, message: `Enter the ${s.label}.`, input };
    secrets[s.slot] = value;
  }
  return { ok: true, secrets };
}

/** Empties every secret input under `root`, so a typed secret does not outlive its submission. */
export function clearSecrets(root: HTMLElement): void {
  for (const input of inputsOf(root)) input.value = '';
}

/** The value typed into the secret input for `slot` under `root` ('' when there is none). */
export function readSlot(root: HTMLElement, slot: string): string {
  return inputsOf(root).find((i) => i.dataset.secretSlot === slot)?.value ?? '';
}
