import Table from 'cli-table3';
import { COMPACT_TABLE } from '../report/table-style.js';
import { MIN_CASES } from './analyze.js';
import type { ExploreSummary, OutcomeId, PrimBox, SensitivityRow } from './types.js';

/**
 * The terminal summary of `atalaya explore`: for one outcome, each policy's range of effects across the
 * experiments, how often it lowers the outcome, its regret and the assumptions that drive it; the
 * ranking-robustness matrix; and the scenario-discovery boxes.
 */
export interface ExploreTerminalOptions {
  locale?: 'en' | 'es';
  /** Default: the outcome scenario discovery asked about, else the first. */
  outcome?: OutcomeId;
  /** Drivers listed per policy. */
  drivers?: number;
}

const TEXT = {
  en: {
    title: (s: ExploreSummary) =>
      `Exploratory modelling: ${methodName(s.method, 'en')}, ${s.experiments.toLocaleString('en')} experiments over ${s.parameters.length} parameters (seed ${s.seed})`,
    present: (s: ExploreSummary) =>
      s.present
        ? `Policies start ${s.start} and run ${s.years} years; homicides from ${s.present.release}, newest month ${s.present.through}.`
        : `Policies start ${s.start} and run ${s.years} years; homicides from the engine's own calibrated path (no anchor).`,
    effects: (o: string) => `${o} against the status quo, across the experiments (paired differences)`,
    policy: 'Policy',
    median: 'Median',
    range: '5–95%',
    lowers: 'Lowers in',
    regret: 'Regret p90',
    best: 'Best in',
    drivers: 'Driven by',
    matrix: (o: string) => `How often the row beats the column (${o}, share of experiments)`,
    prim: 'Scenario discovery (PRIM): where the exception happens',
    noBox:
      'no box: no range of the assumptions concentrates these cases (chance events, or many assumptions at once)',
    rare: `too few cases to characterise (fewer than ${MIN_CASES})`,
    box: (b: PrimBox) =>
      `coverage ${pct(b.coverage)}, density ${pct(b.density)}, ${pct(b.mass)} of experiments`,
    base: (r: number) => `in ${pct(r)} of experiments`,
    warnings: 'Warnings',
    noDrivers:
      'A Latin hypercube gives no sensitivity indices: run --method morris or sobol for what drives each policy.',
  },
  es: {
    title: (s: ExploreSummary) =>
      `Modelado exploratorio: ${methodName(s.method, 'es')}, ${s.experiments.toLocaleString('es')} experimentos sobre ${s.parameters.length} parámetros (semilla ${s.seed})`,
    present: (s: ExploreSummary) =>
      s.present
        ? `Las políticas empiezan en ${s.start} y duran ${s.years} años; homicidios desde ${s.present.release}, último mes ${s.present.through}.`
        : `Las políticas empiezan en ${s.start} y duran ${s.years} años; homicidios de la trayectoria calibrada del modelo (sin ancla).`,
    effects: (o: string) => `${o} frente al statu quo, en todos los experimentos (diferencias pareadas)`,
    policy: 'Política',
    median: 'Mediana',
    range: '5–95%',
    lowers: 'Reduce en',
    regret: 'Arrepent. p90',
    best: 'Mejor en',
    drivers: 'Depende de',
    matrix: (o: string) =>
      `Con qué frecuencia la fila supera a la columna (${o}, proporción de experimentos)`,
    prim: 'Descubrimiento de escenarios (PRIM): dónde ocurre la excepción',
    noBox:
      'ninguna caja: ningún rango de los supuestos concentra estos casos (azar, o muchos supuestos a la vez)',
    rare: `muy pocos casos para caracterizarlos (menos de ${MIN_CASES})`,
    box: (b: PrimBox) =>
      `cobertura ${pct(b.coverage)}, densidad ${pct(b.density)}, ${pct(b.mass)} de los experimentos`,
    base: (r: number) => `en ${pct(r)} de los experimentos`,
    warnings: 'Advertencias',
    noDrivers:
      'Un hipercubo latino no da índices de sensibilidad: use --method morris o sobol para saber de qué depende cada política.',
  },
};

function methodName(m: ExploreSummary['method'], locale: 'en' | 'es'): string {
  if (m === 'morris') return locale === 'es' ? 'Morris (efectos elementales)' : 'Morris elementary effects';
  if (m === 'sobol')
    return locale === 'es' ? 'índices de Sobol (Saltelli)' : 'Sobol indices (Saltelli design)';
  return locale === 'es' ? 'hipercubo latino' : 'Latin hypercube';
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function signedPct(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

function amount(x: number, scale: 'relative' | 'absolute'): string {
  if (scale === 'relative') return signedPct(x);
  const abs = Math.abs(x);
  const s = abs >= 100 ? Math.round(x).toLocaleString('en') : x.toPrecision(3);
  return x > 0 ? `+${s}` : s;
}

/** A factor's importance for ranking: total index (Sobol) or μ* (Morris). */
function importance(r: SensitivityRow): number {
  return r.ST ?? r.muStar ?? 0;
}

export function renderExploreTerminal(s: ExploreSummary, options: ExploreTerminalOptions = {}): string {
  const locale = options.locale ?? 'en';
  const t = TEXT[locale];
  const outcome = options.outcome ?? s.outcome ?? s.outcomes[0]?.id;
  const info = s.outcomes.find((o) => o.id === outcome);
  const lines = [t.title(s), t.present(s), ''];
  if (!info) return [...lines, ...warnings(s, t.warnings)].join('\n');
  const label = info.label[locale];
  const order = [...s.scenarios].sort((a, b) => median(s, a.id, outcome) - median(s, b.id, outcome));
  const title = (id: string) => {
    const sc = s.scenarios.find((x) => x.id === id);
    return (locale === 'es' ? sc?.title_es : undefined) ?? sc?.title ?? id;
  };
  lines.push(t.effects(label));
  const indexed = s.method !== 'lhs';
  const table = new Table({
    ...COMPACT_TABLE,
    head: [t.policy, t.median, t.range, t.lowers, t.regret, t.best, ...(indexed ? [t.drivers] : [])],
    // Long policy titles wrap in their column instead of pushing the numbers off the screen.
    colWidths: [42, null, null, null, null, null, ...(indexed ? [46] : [])],
    wordWrap: true,
  });
  for (const sc of order) {
    const e = s.effects.find((x) => x.scenario === sc.id && x.outcome === outcome);
    const sat = s.satisficing.find((x) => x.scenario === sc.id && x.outcome === outcome);
    const reg = s.regret.find((x) => x.scenario === sc.id && x.outcome === outcome);
    table.push([
      title(sc.id),
      e ? amount(e.p50, info.scale) : '',
      e ? `${amount(e.p05, info.scale)} … ${amount(e.p95, info.scale)}` : '',
      sat ? pct(sat.shareLower) : '',
      reg ? amount(reg.p90, info.scale) : '',
      reg ? pct(reg.shareBest) : '',
      ...(indexed ? [drivers(s, sc.id, outcome, options.drivers ?? 3)] : []),
    ]);
  }
  lines.push(table.toString());
  if (!indexed) lines.push(t.noDrivers);
  lines.push('');
  lines.push(
    t.matrix(label),
    matrix(
      s,
      order.map((o) => o.id),
      outcome,
    ),
    '',
  );
  if (s.prim.length > 0) lines.push(t.prim);
  for (const q of s.prim) {
    lines.push(`  ${q.question} — ${t.base(q.baseRate)}`);
    if (q.boxes.length === 0) lines.push(`    ${q.baseRate * q.sample < MIN_CASES ? t.rare : t.noBox}`);
    q.boxes.forEach((b, i) => {
      lines.push(`    ${i + 1}. ${t.box(b)}`);
      for (const [id, [lo, hi]] of Object.entries(b.limits)) {
        lines.push(`       ${id} ∈ [${fmt(lo)}, ${fmt(hi)}]`);
      }
    });
  }
  lines.push(...warnings(s, t.warnings));
  return lines.join('\n');
}

function median(s: ExploreSummary, id: string, outcome: OutcomeId): number {
  return s.effects.find((e) => e.scenario === id && e.outcome === outcome)?.p50 ?? 0;
}

function drivers(s: ExploreSummary, id: string, outcome: OutcomeId, n: number): string {
  return s.sensitivity
    .filter((r) => r.scenario === id && r.outcome === outcome)
    .sort((a, b) => importance(b) - importance(a))
    .slice(0, n)
    .map((r) => r.parameter)
    .join(', ');
}

/** Rows and columns numbered (the numbers are the rows' order), the baseline last. */
function matrix(s: ExploreSummary, ids: string[], outcome: OutcomeId): string {
  const all = [...ids, s.baseline];
  const table = new Table({ ...COMPACT_TABLE, head: ['', ...all.map((_, i) => String(i + 1))] });
  all.forEach((a, i) => {
    table.push([
      `${i + 1}. ${a}`,
      ...all.map((b) =>
        a === b
          ? '·'
          : pct(
              s.robustness.find((r) => r.a === a && r.b === b && r.outcome === outcome)?.shareABetter ??
                Number.NaN,
            ),
      ),
    ]);
  });
  return table.toString();
}

function warnings(s: ExploreSummary, title: string): string[] {
  return s.warnings.length > 0 ? ['', `${title}:`, ...s.warnings.map((w) => `  - ${w}`)] : [];
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1000 || a < 0.001 ? x.toExponential(2) : Number(x.toPrecision(3)).toString();
}
