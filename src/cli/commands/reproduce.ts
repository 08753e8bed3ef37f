import { Command } from 'commander';
import { resolveGroupNetwork } from '../../data/group-source.js';
import { percent } from '../../report/format.js';
import { reproducePrietoCuriel } from '../../sim/reproduce.js';
import { addDataOptions, type DataOptions } from '../options.js';
import { emit } from '../output.js';

export function reproduceCommand(): Command {
  return addDataOptions(
    new Command('reproduce').summary(
      'reproduce Prieto-Curiel, Campedelli & Hope (2023) and compare with the published figures',
    ),
  )
    .option('--json', 'as JSON')
    .action((opts: DataOptions & { json?: boolean }) => {
      const network = resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network });
      const r = reproducePrietoCuriel(network);
      if (opts.json) return emit(JSON.stringify(r, null, 2));
      const lines = [
        'Prieto-Curiel, Campedelli & Hope (2023), Science 381:1312 — reproduction',
        `Groups: ${r.source}`,
        '',
        `Members 2012 (input):  ${Math.round(r.members2012).toLocaleString('en-US')}`,
        `Members 2022:          ${Math.round(r.members2022).toLocaleString('en-US')}   published ${r.published.members2022.toLocaleString('en-US')} (range ${r.published.members2022Range.map((v) => v.toLocaleString('en-US')).join('–')})`,
        `Weekly victims 2022:   ${r.weeklyVictims2022.toFixed(1)}`,
        '',
        'Five years on (2022 → 2027)      members    published   weekly victims   published',
      ];
      for (const s of r.scenarios) {
        lines.push(
          `  ${s.title.padEnd(30)} ${percent(s.membersChange, 'en', 1).padStart(8)} ${(s.published?.membersChange !== undefined ? percent(s.published.membersChange) : '').padStart(10)}   ${percent(s.victimsChange, 'en', 1).padStart(13)} ${(s.published?.victimsChange !== undefined ? percent(s.published.victimsChange) : '').padStart(10)}`,
        );
      }
      emit(lines.join('\n'));
    });
}
