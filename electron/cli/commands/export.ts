import type { Command } from 'commander';
import { Option } from 'commander';
import path from 'node:path';
import { CliError, EXIT, withEngine, type CliIO } from '../context';

export function registerExport(program: Command, io: CliIO): void {
  program
    .command('export')
    .description('Export the (redacted) request log as HAR 1.2 or JSONL')
    .addOption(new Option('--format <format>', 'har or jsonl').choices(['har', 'jsonl']).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write (replaced if it exists)')
    .option('--profile <name>', 'only this profile\'s requests')
    .action(async (o: { format: 'har' | 'jsonl'; out: string; profile?: string }) => {
      const out = path.resolve(io.cwd, o.out);
      await withEngine(io, async (engine) => {
        const profile = o.profile === undefined ? undefined : (await engine.getProfile(o.profile)).id;
        let result;
        try {
          result = await engine.exportLog({ format: o.format, out, ...(profile ? { profile } : {}) });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') throw new CliError(`Could not write ${out}: the folder ${path.dirname(out)} does not exist. Create it, or choose another --out.`, EXIT.failed);
          if (code === 'EACCES' || code === 'EPERM') throw new CliError(`Could not write ${out}: permission denied (${code}). Choose a folder you can write to.`, EXIT.failed);
          if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new CliError(`Could not write ${out} (${code}).`, EXIT.failed);
          throw e;
        }
        io.stdout.write(`Exported ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'} (${result.bytes} bytes, ${o.format}) to ${out}\n`);
      });
    });
}
