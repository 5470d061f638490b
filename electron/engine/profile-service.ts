import { randomUUID } from 'node:crypto';
import type { ProfileView } from '../../shared/contract';
import { lintProfile } from '../../shared/lint';
import { loopbackRedirectProblem } from '../../shared/oauth';
import { profileMetrics, type OnboardingEvent } from '../../shared/metrics';
import { identityOf, profileNameSchema, secretSlots, type AuthConfig, type ClientType, type Profile, type StoredSecret, type VerifyRequest } from '../../shared/profile';
import { profileHeadersSchema } from '../../shared/profile-headers';
import type { HeaderPair } from '../../shared/request';
import { slotValueProblem } from '../../shared/slot-value';
import { certificateValidityWarnings } from './cert-validity';
import { AuthdeskError } from './errors';
import { withFileLock } from './file-lock';
import type { HistoryStore } from './history-store';
import { checkKeyMaterial, keyMaterialSlots } from './key-check';
import type { TokenManager } from './oauth/token-manager';
import type { ProfileProblem, ProfileStore } from './profile-store';
import type { RedactorCache } from './redaction';
import type { Vault } from './vault';

export interface CreateProfileInput {
  name: string;
  clientType: ClientType;
  baseUrl?: string;
  auth: AuthConfig;
  /** slot → value, saved to the keychain. */
  secrets?: Record<string, string>;
  /** slot → environment variable name, read at send time (CI). */
  secretEnv?: Record<string, string>;
  /** Origins trusted with the credentials on a redirect (explicit opt-in). */
  trustRedirectsTo?: string[];
  verify?: VerifyRequest;
  /** The provider preset the profile is made from. */
  presetId?: string;
  /** Non-secret headers sent with every request (validated by the profile schema on save). */
  headers?: HeaderPair[];
}

/** What `updateProfile` may change; secrets change through `replaceSecrets` only. */
export interface ProfilePatch {
  name?: string;
  clientType?: ClientType;
  baseUrl?: string | null;
  trustRedirectsTo?: string[];
  verify?: VerifyRequest | null;
  auth?: AuthConfig;
  /** Replaces the profile's headers; an empty list removes them. */
  headers?: HeaderPair[];
}

/**
 * Profiles and their secrets' lifecycle: create (secrets to the keychain first, then the file), edit, rotate,
 * remove (keychain entries and tokens too), and the view the UI and CLI show (never a secret).
 */
export class ProfileService {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly history: HistoryStore,
    private readonly vault: Vault,
    private readonly redactors: RedactorCache,
    private readonly tokens: TokenManager,
    private readonly clock: () => number,
  ) {}

  /** Records an onboarding event at `at` (ms, default now) and returns that time. */
  private event(profileId: string, type: OnboardingEvent['type'], at = this.clock()): number {
    this.history.addEvent({ at, profileId, type, reason: null });
    return at;
  }

  /** All profiles as the UI and the CLI show them, plus files that could not be read. */
  async list(): Promise<{ profiles: ProfileView[]; problems: ProfileProblem[] }> {
    const { profiles, problems } = await this.profiles.list();
    return { profiles: profiles.map((p) => this.view(p)), problems };
  }

  /** One profile by id or name. @throws AuthdeskError `not_found` */
  async get(idOrName: string): Promise<ProfileView> {
    return this.view(await this.profiles.find(idOrName));
  }

  view(p: Profile): ProfileView {
    const m = profileMetrics(p, this.history.events(p.id), []);
    return {
      id: p.id,
      name: p.name,
      clientType: p.clientType,
      createdAt: p.createdAt,
      baseUrl: p.baseUrl ?? null,
      trustRedirectsTo: p.trustRedirectsTo ?? [],
      verify: p.verify ?? null,
      presetId: p.presetId ?? null,
      headers: p.headers ?? [],
      lastVerifiedAt: this.lastVerified(p.id),
      auth: p.auth,
      identity: identityOf(p),
      secrets: secretSlots(p.auth).map((s) => {
        const stored = p.secrets[s.slot];
        return {
          slot: s.slot,
          label: s.label,
          saved: stored !== undefined,
          source: stored?.ref.source ?? 'keychain',
          envName: stored?.ref.source === 'env' ? stored.ref.name : null,
          fingerprint: stored?.fingerprint ?? null,
          savedAt: stored?.savedAt ?? null,
        };
      }),
      ttfscMs: m.ttfscMs,
      firstSuccessAt: m.firstSuccessAt,
      warnings: [...lintProfile(p), ...certificateValidityWarnings(p.auth, this.clock())],
    };
  }

  /**
   * Creates a profile: the secrets are checked (every slot given, key material that opens: see checkKeyMaterial),
   * then go to the keychain (or stay env references), then the profile file is written. If any keychain write fails,
   * the entries already written are removed and no file is written; if the file cannot be written, its keychain
   * entries are removed too.
   * @throws AuthdeskError `conflict` (name taken), `invalid_request` (a name the profile file refuses, a slot missing or empty, a header that is not
   *   a valid profile header, key material that cannot work, an OAuth redirect URI that is not loopback (RFC 8252
   *   §7.3); nothing is written), `keychain_unavailable` (with the fix)
   */
  async create(input: CreateProfileInput): Promise<ProfileView> {
    const { profiles } = await this.profiles.list();
    if (profiles.some((p) => p.name === input.name)) {
      throw new AuthdeskError('conflict', `A profile named "${input.name}" already exists. Pick another name or remove it first.`);
    }
    const name = profileNameSchema.safeParse(input.name);
    if (!name.success) throw new AuthdeskError('invalid_request', `Invalid profile name: ${name.error.issues[0]?.message ?? 'unknown'}`);
    const headers = profileHeadersSchema.safeParse(input.headers ?? []);
    if (!headers.success) throw new AuthdeskError('invalid_request', `Invalid header: ${headers.error.issues[0]?.message ?? 'unknown'}`);
    checkRedirectUri(input.auth);
    const plan = secretSlots(input.auth).map(({ slot, label, mayBeEmpty }) => {
      const env = input.secretEnv?.[slot];
      if (env !== undefined) return { slot, env };
      const value = input.secrets?.[slot];
      if (value === undefined) throw new AuthdeskError('invalid_request', `The ${label} is missing.`);
      if (blank(value) && !mayBeEmpty) throw new AuthdeskError('invalid_request', `The ${label} cannot be empty or only whitespace.`);
      checkSlotValue(input.auth, slot, value);
      return { slot, value };
    });
    const given = new Map(plan.flatMap((p) => (p.value === undefined ? [] : [[p.slot, p.value] as const])));
    checkKeyMaterial(input.auth, (slot) => given.get(slot)); // env references are read at send time: not checked
    const id = randomUUID();
    const secrets: Record<string, StoredSecret> = {};
    try {
      for (const p of plan) {
        if (p.value === undefined) secrets[p.slot] = this.vault.envReference(p.env);
        else {
          secrets[p.slot] = await this.vault.saveToKeychain(id, p.slot, p.value);
          this.redactors.learn([p.value]);
        }
      }
    } catch (e) {
      await Promise.allSettled(Object.entries(secrets).map(([slot, s]) => this.vault.remove(s.ref, id, slot)));
      throw e;
    }
    const createdAt = this.clock();
    const profile: Profile = {
      version: 1,
      id,
      name: input.name,
      clientType: input.clientType,
      createdAt: new Date(createdAt).toISOString(),
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      ...(input.trustRedirectsTo?.length ? { trustRedirectsTo: input.trustRedirectsTo } : {}),
      ...(input.verify ? { verify: input.verify } : {}),
      ...(input.presetId ? { presetId: input.presetId } : {}),
      ...(input.headers?.length ? { headers: input.headers } : {}),
      auth: input.auth,
      secrets,
    };
    try {
      await this.profiles.save(profile);
    } catch (e) {
      // No file, so no profile owns these entries any more: take them out again (a failed save leaves nothing behind).
      await Promise.allSettled(Object.entries(secrets).map(([slot, s]) => this.vault.remove(s.ref, id, slot)));
      throw e;
    }
    this.event(id, 'profile.created', createdAt);
    this.event(id, 'secret.saved', createdAt);
    return this.view(profile);
  }

  /**
   * Rotates secrets: each given slot is overwritten in the keychain in one write (the old value is gone), the
   * fingerprint updated, and a `secret.rotated` event recorded. Later requests use the new value; an OAuth profile's
   * tokens (memory and the keychain's refresh token) are dropped first, so the next send obtains one with the new
   * client credentials (an interactive grant signs in again). New key material is
   * checked first together with the saved slots it works with (a new passphrase against the saved key). One rotation
   * of a profile runs at a time, across processes (a lock file beside the profile's, waited for up to 10 s).
   * @throws AuthdeskError `invalid_request` for an unknown or empty slot or key material that cannot work (nothing is
   *   written), `keychain_unavailable`, `conflict` when another process kept the profile locked for 10 s
   */
  async replaceSecrets(idOrName: string, values: Record<string, string>): Promise<ProfileView> {
    const { id, name } = await this.profiles.find(idOrName);
    // One rotation at a time per profile, across processes: two at once would interleave their keychain writes and
    // could leave one's username with the other's password.
    return withFileLock(this.profiles.lockFileOf(id), `Profile "${name}"`, () => this.replaceSecretsLocked(id, values));
  }

  private async replaceSecretsLocked(id: string, values: Record<string, string>): Promise<ProfileView> {
    const profile = structuredClone(await this.profiles.find(id));
    const slots = secretSlots(profile.auth);
    for (const [slot, value] of Object.entries(values)) {
      const def = slots.find((s) => s.slot === slot);
      if (!def) throw new AuthdeskError('invalid_request', `Profile "${profile.name}" has no secret "${slot}".`);
      if (blank(value) && !def.mayBeEmpty) throw new AuthdeskError('invalid_request', `The ${def.label} cannot be empty or only whitespace.`);
      checkSlotValue(profile.auth, slot, value);
    }
    const keySlots = keyMaterialSlots(profile.auth);
    if (keySlots.some((slot) => Object.hasOwn(values, slot))) {
      const current = { ...(await this.savedValues(profile, keySlots.filter((slot) => !Object.hasOwn(values, slot)))), ...values };
      checkKeyMaterial(profile.auth, (slot) => current[slot]);
    }
    for (const [slot, value] of Object.entries(values)) {
      profile.secrets[slot] = await this.vault.saveToKeychain(profile.id, slot, value);
      this.redactors.learn([value]);
    }
    // Tokens obtained with the old client credentials are not used again, here or (for the keychain's refresh token)
    // by any other process, which sees the new version only once the file below is saved.
    if (profile.auth.scheme === 'oauth2') await this.tokens.drop(profile.id);
    await this.profiles.save(profile);
    this.event(profile.id, 'secret.rotated');
    return this.view(profile);
  }

  /**
   * The keychain values of `slots` as saved for `profile`; a slot that is an env reference, not saved, or gone from
   * the keychain is left out. @throws AuthdeskError `keychain_unavailable`
   */
  private async savedValues(profile: Profile, slots: readonly string[]): Promise<Record<string, string>> {
    const saved: Record<string, string> = {};
    for (const slot of secretSlots(profile.auth).filter((s) => slots.includes(s.slot))) {
      const stored = profile.secrets[slot.slot];
      if (stored?.ref.source !== 'keychain') continue;
      try {
        saved[slot.slot] = await this.vault.resolve(stored.ref, profile, slot);
      } catch (e) {
        if ((e as AuthdeskError).code !== 'secret_missing') throw e;
      }
    }
    return saved;
  }

  /**
   * Changes a profile's non-secret settings. The scheme may change only if it keeps the same secret slots (new
   * slots need new secrets: create a new profile). Tokens are dropped when the auth settings change.
   * @throws AuthdeskError `not_found`, `conflict` (name taken), `invalid_request` (among others: an OAuth redirect
   *   URI that is not loopback, RFC 8252 §7.3; nothing is written)
   */
  async update(idOrName: string, patch: ProfilePatch): Promise<ProfileView> {
    const profile = structuredClone(await this.profiles.find(idOrName));
    if (patch.name !== undefined && patch.name !== profile.name) {
      const { profiles } = await this.profiles.list();
      if (profiles.some((p) => p.name === patch.name)) throw new AuthdeskError('conflict', `A profile named "${patch.name}" already exists.`);
      profile.name = patch.name;
    }
    if (patch.auth) {
      checkRedirectUri(patch.auth);
      const slots = (a: AuthConfig) => secretSlots(a).map((s) => s.slot).join(',');
      if (slots(patch.auth) !== slots(profile.auth)) {
        throw new AuthdeskError('invalid_request', 'This change needs different secrets. Create a new profile for the new scheme, then remove this one.');
      }
      profile.auth = patch.auth;
      await this.tokens.drop(profile.id);
    }
    if (patch.clientType) profile.clientType = patch.clientType;
    if (patch.baseUrl !== undefined) profile.baseUrl = patch.baseUrl ?? undefined;
    if (patch.trustRedirectsTo !== undefined) profile.trustRedirectsTo = patch.trustRedirectsTo.length ? patch.trustRedirectsTo : undefined;
    if (patch.verify !== undefined) profile.verify = patch.verify ?? undefined;
    if (patch.headers !== undefined) profile.headers = patch.headers.length ? patch.headers : undefined;
    await this.profiles.save(JSON.parse(JSON.stringify(profile)) as Profile);
    return this.view(profile);
  }

  private lastVerified(profileId: string): string | null {
    const at = this.history.lastEventAt(profileId, 'profile.verified');
    return at === null ? null : new Date(at).toISOString();
  }

  /**
   * Removes a profile and its own keychain entries (history stays, redacted, as the audit trail). A secret reference
   * to an entry that is not the profile's own (a copied profile file) is not followed: that entry stays.
   * @returns `secretsDeleted`: every keychain entry deleted, the profile's secrets and its stored refresh token
   */
  async remove(idOrName: string): Promise<{ removed: boolean; secretsDeleted: number }> {
    const profile = await this.profiles.find(idOrName);
    const results = await Promise.all(Object.entries(profile.secrets).map(([slot, s]) => this.vault.remove(s.ref, profile.id, slot)));
    const tokens = await this.tokens.drop(profile.id);
    await this.profiles.remove(profile.id);
    this.event(profile.id, 'profile.removed');
    return { removed: true, secretsDeleted: results.filter(Boolean).length + tokens };
  }

  /** Marks a profile's keychain slots as not saved (after "Forget all secrets"); env references stay. */
  async forgetKeychainSlots(profile: Profile): Promise<void> {
    const kept = Object.fromEntries(Object.entries(profile.secrets).filter(([, s]) => s.ref.source !== 'keychain'));
    if (Object.keys(kept).length === Object.keys(profile.secrets).length) return;
    await this.profiles.save({ ...profile, secrets: kept });
  }
}

/**
 * Refuses an OAuth profile whose fixed redirect URI no desktop client can listen on (RFC 8252 §7.3), before anything
 * is written, in the words the sign-in would use.
 * @throws AuthdeskError `invalid_request`
 */
function checkRedirectUri(auth: AuthConfig): void {
  const problem = auth.scheme === 'oauth2' && auth.redirectUri ? loopbackRedirectProblem(auth.redirectUri) : null;
  if (problem) throw new AuthdeskError('invalid_request', problem);
}

/** A secret value that is empty or only whitespace: refused where a slot needs a value, as a blank environment variable is (vault.ts). */
const blank = (value: string): boolean => value.trim() === '';

/** Refuses a slot value the scheme could never send (see slotValueProblem): found when saved, not at the first send. */
function checkSlotValue(auth: AuthConfig, slot: string, value: string): void {
  const problem = slotValueProblem(auth, slot, value);
  if (problem !== null) throw new AuthdeskError('invalid_request', problem);
}
