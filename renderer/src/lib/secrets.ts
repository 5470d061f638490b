import { secretSlots, type AuthConfig } from '../../../shared/profile';
import { slotValueProblem } from '../../../shared/slot-value';

/** A secret the form cannot save: why (naming the field, never the value), its slot and its input. */
export interface SecretRefused {
  message: string;
  slot: string;
  input: SecretField | null;
}

/** What the secret inputs of a form hold for a scheme, or the first missing one or one the scheme could not send. */
export type SecretsRead = { ok: true; secrets: Record<string, string> } | ({ ok: false } & SecretRefused);

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
    if (value === '' && !s.mayBeEmpty) return { ok: false, message: `Enter the ${s.label}.`, slot: s.slot, input };
    secrets[s.slot] = value;
  }
  const refused = unsendableSecret(root, auth, secrets);
  return refused ? { ok: false, ...refused } : { ok: true, secrets };
}

/**
 * The first of `secrets` (typed under `root`) that `auth`'s scheme could not send, checked as the engine checks it
 * when saving (shared/slot-value.ts: a token outside ASCII for the Authorization header, say), with its input, so a
 * form can say so at that field before asking the engine; null when all can be sent.
 */
export function unsendableSecret(root: HTMLElement, auth: AuthConfig, secrets: Record<string, string>): SecretRefused | null {
  for (const [slot, value] of Object.entries(secrets)) {
    const message = slotValueProblem(auth, slot, value);
    if (message !== null) return { message, slot, input: inputsOf(root).find((i) => i.dataset.secretSlot === slot) ?? null };
  }
  return null;
}

/** Empties every secret input under `root`, so a typed secret does not outlive its submission. */
export function clearSecrets(root: HTMLElement): void {
  for (const input of inputsOf(root)) input.value = '';
}

/** The value typed into the secret input for `slot` under `root` ('' when there is none). */
export function readSlot(root: HTMLElement, slot: string): string {
  return inputsOf(root).find((i) => i.dataset.secretSlot === slot)?.value ?? '';
}
