import type { LeverRow, OptionRow, ParamRow } from '../sim/describe.js';

/** Markdown tables of the parameters and levers (docs/MODEL.md, `atalaya model … --markdown`). */
export function formatParamValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

export function paramsMarkdown(rows: ParamRow[]): string {
  const f = formatParamValue;
  const lines = [
    '| id | mechanism | value | 90% range | unit | source | assumption |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| \`${r.id}\` | ${r.mechanism} | ${f(r.value)} | ${f(r.range90[0])}–${f(r.range90[1])} | ${r.unit} | ${r.source.replace(/\|/g, '/')} | ${r.assumption ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}

/** An option's default as users read it: its value, or the drawn parameter an effect size defaults to. */
export function optionDefault(o: OptionRow): string {
  return o.param ? `drawn, central ${o.central}` : JSON.stringify(o.default);
}

export function leversMarkdown(rows: LeverRow[]): string {
  return rows
    .map((l) => {
      const options = Object.entries(l.options)
        .map(([k, o]) => `\`${k}\` = ${optionDefault(o)} (${o.description ?? ''})`)
        .join('; ');
      return `### \`${l.id}\` — ${l.title.en}\n\n${l.description}\n\n- Evidence: ${l.evidence}\n- Options: ${options}`;
    })
    .join('\n\n');
}
