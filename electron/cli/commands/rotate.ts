import type { Command } from 'commander';
import { secretSlots } from '../../../shared/profile';
import { shortSecretWarnings } from '../../../shared/slot-value';
import { checkKeyMaterial } from '../../engine/key-check';
import { printJson, usage, withEngine, type CliIO } from '../context';
import { CLI_KEY_HINTS } from '../key-material';
import { secretStatus, warningLines } from '../output';
import { readSecrets } from '../secrets-input';

export function registerRotate(program: Command, io: CliIO): void {
  program
    .command('rotate')
    .description('Replace a profile\'s keychain secret(s); stdin: the new value(s), in the same order as at add')
    .argument('<name>', 'profile name or id')
    .option('--json', 'print the updated profile as JSON')
    .addHelpText(
      'after',
      `
Secrets that come from an environment variable (--secret-env) are not read: change the variable instead.

Example:
  printf '%s\\n' "$NEW_TOKEN" | authdesk rotate ci-bot`,
    )
    .action(async (name: string, o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const view = await engine.getProfile(name);
        const envSlots = new Set(view.secrets.filter((s) => s.source === 'env').map((s) => s.slot));
        const slots = secretSlots(view.auth);
        if (slots.every((s) => envSlots.has(s.slot))) {
          const names = view.secrets.map((s) => `$${s.envName ?? '?'}`).join(', ');
          throw usage(`Profile "${view.name}" keeps no secret in the keychain: its secrets come from ${names}. Change the environment variable instead.`);
        }
        const values = await readSecrets(io, view.name, slots, envSlots);
        // Checked here too for the CLI's own words, and to check secrets from environment variables already set.
        const fromEnv = (slot: string) => {
          const envName = view.secrets.find((s) => s.slot === slot && s.source === 'env')?.envName;
          return envName ? io.env[envName] : undefined;
        };
        checkKeyMaterial(view.auth, (slot) => values[slot] ?? fromEnv(slot), CLI_KEY_HINTS);
        const updated = await engine.replaceSecrets(view.id, values);
        for (const line of warningLines(shortSecretWarnings(slots, values))) io.stderr.write(`authdesk: ${line}\n`);
        if (o.json) return printJson(io, updated);
        io.stdout.write(`Rotated ${Object.keys(values).length} secret(s) of profile "${updated.name}":\n`);
        for (const s of updated.secrets) io.stdout.write(`  ${s.label}: ${secretStatus(s)}\n`);
      });
    });
}
