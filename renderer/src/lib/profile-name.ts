import { profileNameSchema } from '../../../shared/profile';
import { problemAt, type Problem } from './problem';

/** The most characters a profile name may have: the contract's limit (shared/profile.ts), for the Name inputs. */
export const PROFILE_NAME_MAX = profileNameSchema.maxLength ?? undefined;

/**
 * What is wrong with a profile name, checked by the contract's own rule (length, no control characters, no / or \),
 * as a sentence for a person at the `name` field ("A profile name has at most 80 characters."), or null. `empty` is
 * what a form says about a missing name. Without it the engine's wording reached the person ("Invalid profiles.create
 * request: name: …") and focus stayed on Save. `taken` are the names of the workspace's other profiles: a name among
 * them, spaces around it aside (the contract trims a name before the engine compares it), is refused in the engine's
 * words, at the `name` field too.
 */
export function profileNameProblem(name: string, empty: string, taken: readonly string[] = []): Problem | null {
  if (name.trim() === '') return problemAt('name', empty);
  const parsed = profileNameSchema.safeParse(name);
  if (parsed.success) {
    return taken.includes(parsed.data) ? problemAt('name', `A profile named "${parsed.data}" already exists. Pick another name.`) : null;
  }
  const rule = parsed.error.issues[0]?.message ?? 'this profile name cannot be saved';
  return problemAt('name', `${rule[0]!.toUpperCase()}${rule.slice(1)}.`);
}
