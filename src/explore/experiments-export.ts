import { parquetWriteBuffer } from 'hyparquet-writer';
import { csvText } from '../data/csv-write.js';
import { type ExperimentTable, rowsOf } from './analyze.js';
import { OUTCOMES } from './sweep.js';
import { OUTCOME_IDS } from './types.js';

/**
 * Every experiment of a sweep, one row per experiment and policy: the experiment's index, the policy, each
 * factor's value (in its own units) and each outcome's paired difference against the baseline. Outcomes a
 * run does not report (past its years, or a metric a scenario has no mechanism for) are empty/null.
 */
interface ExperimentColumns {
  names: string[];
  experiment: number[];
  scenario: string[];
  factors: Float64Array[];
  outcomes: (number | null)[][];
}

function columns(t: ExperimentTable): ExperimentColumns {
  const n = rowsOf(t);
  const k = t.factors.length;
  const P = t.policies.length;
  const out: ExperimentColumns = {
    names: ['experiment', 'scenario', ...t.factors.map((f) => f.id), ...OUTCOME_IDS],
    experiment: [],
    scenario: [],
    factors: t.factors.map(() => new Float64Array(n * P)),
    outcomes: OUTCOME_IDS.map(() => []),
  };
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < P; s++) {
      const row = i * P + s;
      out.experiment.push(i);
      out.scenario.push(t.policies[s]);
      for (let j = 0; j < k; j++) out.factors[j][row] = t.values[i * k + j];
      for (let o = 0; o < OUTCOMES; o++) {
        const v = t.outcomes[row * OUTCOMES + o];
        out.outcomes[o].push(Number.isFinite(v) ? v : null);
      }
    }
  }
  return out;
}

export function experimentsCsv(t: ExperimentTable): string {
  const c = columns(t);
  const rows = c.experiment.map((e, r) => [
    e,
    c.scenario[r],
    ...c.factors.map((f) => f[r]),
    ...c.outcomes.map((o) => o[r] ?? ''),
  ]);
  return csvText(c.names, rows);
}

export function experimentsParquet(t: ExperimentTable): Uint8Array {
  const c = columns(t);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'experiment', data: c.experiment, type: 'INT32' },
      { name: 'scenario', data: c.scenario, type: 'STRING' },
      ...t.factors.map((f, j) => ({ name: f.id, data: Array.from(c.factors[j]), type: 'DOUBLE' as const })),
      ...OUTCOME_IDS.map((id, o) => ({ name: id, data: c.outcomes[o], type: 'DOUBLE' as const })),
    ],
    kvMetadata: [
      { key: 'method', value: t.method },
      { key: 'samples', value: String(t.samples) },
      { key: 'seed', value: String(t.seed) },
      { key: 'baseline', value: t.baseline },
    ],
  });
  return new Uint8Array(buffer);
}
