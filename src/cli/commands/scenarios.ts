import { Command } from 'commander';
import { stringify } from 'yaml';
import { listPresets, loadPreset, loadScenarioFile } from '../../sim/scenario/load.js';
import { scenarioJsonSchema } from '../../sim/scenario/schema.js';
import { emit } from '../output.js';

export function scenariosCommand(): Command {
  const cmd = new Command('scenarios').summary('list, show and validate scenarios; print the JSON Schema');
  cmd
    .command('list')
    .description('list the shipped presets')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) => {
      const presets = listPresets().map((id) => {
        const s = loadPreset(id);
        return { id, title: s.title, title_es: s.title_es, levers: s.policies.map((p) => p.lever) };
      });
      if (opts.json) return emit(JSON.stringify(presets, null, 2));
      const width = Math.max(...presets.map((p) => p.id.length));
      emit(presets.map((p) => `${p.id.padEnd(width)}  ${p.title}`).join('\n'));
    });
  cmd
    .command('show')
    .description('print a preset with every default filled in (YAML)')
    .argument('<id>', 'preset id')
    .option('--json', 'as JSON')
    .action((id: string, opts: { json?: boolean }) => {
      const s = loadPreset(id);
      emit(opts.json ? JSON.stringify(s, null, 2) : stringify(s));
    });
  cmd
    .command('validate')
    .description('check a scenario file; prints every problem with its field path')
    .argument('<file>', 'scenario file')
    .action((file: string) => {
      const s = loadScenarioFile(file);
      emit(
        `${file}: valid (${s.policies.length} polic${s.policies.length === 1 ? 'y' : 'ies'}, ${s.start} + ${s.years} years)`,
      );
    });
  cmd
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .option('-o, --out <file>', 'write it to a file')
    .action((opts: { out?: string }) => emit(JSON.stringify(scenarioJsonSchema(), null, 2), opts.out));
  return cmd;
}
