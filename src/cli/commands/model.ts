import { Command } from 'commander';
import {
  formatParamValue as fmt,
  leversMarkdown,
  optionDefault,
  paramsMarkdown,
} from '../../report/model-doc.js';
import { describeLevers, describeParams } from '../../sim/describe.js';
import { emit } from '../output.js';

export function modelCommand(): Command {
  const cmd = new Command('model').summary('the model’s parameters and policy levers, with sources');
  cmd
    .command('params')
    .description('every parameter with its value, 90% range, unit and source')
    .option('--json', 'as JSON')
    .option('--markdown', 'as a Markdown table (docs/MODEL.md)')
    .action((opts: { json?: boolean; markdown?: boolean }) => {
      const rows = describeParams();
      if (opts.json) return emit(JSON.stringify(rows, null, 2));
      if (opts.markdown) return emit(paramsMarkdown(rows));
      emit(
        rows
          .map(
            (r) =>
              `${r.id} = ${fmt(r.value)} ${r.unit} [${fmt(r.range90[0])}–${fmt(r.range90[1])}]${r.assumption ? ' (ASSUMPTION)' : ''}\n    ${r.source}`,
          )
          .join('\n'),
      );
    });
  cmd
    .command('levers')
    .description('every policy lever with its options and evidence')
    .option('--json', 'as JSON')
    .option('--markdown', 'as Markdown (docs/MODEL.md)')
    .action((opts: { json?: boolean; markdown?: boolean }) => {
      const rows = describeLevers();
      if (opts.json) return emit(JSON.stringify(rows, null, 2));
      if (opts.markdown) return emit(leversMarkdown(rows));
      emit(
        rows
          .map((l) => {
            const options = Object.entries(l.options)
              .map(([k, o]) => `${k}=${optionDefault(o)} (${o.description})`)
              .join('; ');
            return `${l.id} — ${l.title.en}\n  ${l.description}\n  evidence: ${l.evidence}\n  options: ${options}`;
          })
          .join('\n\n'),
      );
    });
  return cmd;
}
