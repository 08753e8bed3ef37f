import { Command } from 'commander';
import { range90 } from '../../sim/distributions.js';
import { PARAMS, type ParamId, type ParamSpec } from '../../sim/params.js';
import { LEVERS } from '../../sim/policy/levers.js';
import { emit } from '../output.js';
import { modelDocTables } from './docs.js';

export function modelCommand(): Command {
  const cmd = new Command('model').summary('the model’s parameters and policy levers, with sources');
  cmd
    .command('params')
    .description('every parameter with its value, 90% range, unit and source')
    .option('--json', 'as JSON')
    .option('--markdown', 'as a Markdown table (docs/MODEL.md)')
    .action((opts: { json?: boolean; markdown?: boolean }) => {
      const rows = (Object.entries(PARAMS) as [ParamId, ParamSpec][]).map(([id, p]) => ({
        id,
        ...p,
        range90: range90(p.dist, p.value),
      }));
      if (opts.json) return emit(JSON.stringify(rows, null, 2));
      if (opts.markdown) return emit(modelDocTables().params);
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
      const rows = Object.values(LEVERS).map((l) => ({
        id: l.id,
        title: l.title,
        description: l.description,
        evidence: l.evidence,
        options: Object.fromEntries(
          Object.entries(l.options.shape).map(([k, v]) => [
            k,
            {
              description: (v as { description?: string }).description,
              default: (v as { parse: (x: unknown) => unknown }).parse(undefined),
            },
          ]),
        ),
        expect: l.expect,
      }));
      if (opts.json) return emit(JSON.stringify(rows, null, 2));
      if (opts.markdown) return emit(modelDocTables().levers);
      emit(
        rows
          .map(
            (l) =>
              `${l.id} — ${l.title.en}\n  ${l.description}\n  evidence: ${l.evidence}\n  options: ${Object.entries(
                l.options,
              )
                .map(([k, o]) => `${k}=${JSON.stringify(o.default)} (${o.description})`)
                .join('; ')}`,
          )
          .join('\n\n'),
      );
    });
  return cmd;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

export function paramsMarkdown(rows: (ParamSpec & { id: string; range90: [number, number] })[]): string {
  const lines = [
    '| id | mechanism | value | 90% range | unit | source | assumption |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| \`${r.id}\` | ${r.mechanism} | ${fmt(r.value)} | ${fmt(r.range90[0])}–${fmt(r.range90[1])} | ${r.unit} | ${r.source.replace(/\|/g, '/')} | ${r.assumption ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}

export function leversMarkdown(
  rows: {
    id: string;
    title: { en: string };
    description: string;
    evidence: string;
    options: Record<string, { description?: string; default: unknown }>;
  }[],
): string {
  return rows
    .map((l) => {
      const options = Object.entries(l.options)
        .map(([k, o]) => `\`${k}\` = ${JSON.stringify(o.default)} (${o.description ?? ''})`)
        .join('; ');
      return `### \`${l.id}\` — ${l.title.en}\n\n${l.description}\n\n- Evidence: ${l.evidence}\n- Options: ${options}`;
    })
    .join('\n\n');
}
