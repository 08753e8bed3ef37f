import type { ExploreSummary, OutcomeId, PrimAnswer, PrimBox, SensitivityRow } from '../explore/types.js';
import { escapeHtml } from './charts.js';
import {
  factorInfo,
  fixed,
  headlineOutcome,
  outcomeAmount,
  outcomeChange,
  outcomeInfo,
  outcomeName,
  policyIds,
  primBoxChart,
  primQuestion,
  primTrajectoryChart,
  rankedFactors,
  regretChart,
  robustnessMatrix,
  type SensitivityIndex,
  scenarioName,
  sensitivityChart,
  sensitivityIndex,
  share,
  sig3,
} from './explore-charts.js';
import type { Locale } from './format.js';
import { formatDate, type PageSection, renderPage } from './page.js';

/**
 * `atalaya explore` as one self-contained HTML page (the shell of page.ts, as the comparison and the audit):
 * a summary in plain words first (which policy wins most often, how robust that is, which assumptions drive
 * it), then the method and its sample sizes, sensitivity, the robustness of the ranking, regret and
 * satisficing, PRIM boxes, the factors, warnings and the present the runs started from. Inline CSS and SVG
 * (explore-charts.ts), no script; without `generatedAt` the page carries no date, so the same summary gives
 * the same bytes.
 *
 * @example
 * writeFileSync('explore.html', renderExploreReport(summary, { locale: 'es' }));
 */
export interface ExploreReportOptions {
  locale: Locale;
  /** ISO date shown in the footer (default: none, so that the page depends on the summary alone). */
  generatedAt?: string;
  title?: string;
}

/** Ranking "robust" when the winner beats every other option in at least this share of experiments. */
const ROBUST = 0.9;
const FAIRLY_ROBUST = 0.7;
/** Factors named in the sensitivity table for each policy and outcome. */
const TOP_FACTORS = 3;

const REFERENCES = {
  morris:
    'Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments. Technometrics 33(2):161–174.',
  saltelli:
    'Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S. (2010). Variance based sensitivity analysis of model output. Design and estimator for the total sensitivity index. Computer Physics Communications 181(2):259–270.',
  jansen:
    'Jansen, M. J. W. (1999). Analysis of variance designs for model output. Computer Physics Communications 117(1–2):35–43.',
  mckay:
    'McKay, M. D., Beckman, R. J. & Conover, W. J. (1979). A comparison of three methods for selecting values of input variables in the analysis of output from a computer code. Technometrics 21(2):239–245.',
  friedman:
    'Friedman, J. H. & Fisher, N. I. (1999). Bump hunting in high-dimensional data. Statistics and Computing 9(2):123–143.',
  bryant:
    'Bryant, B. P. & Lempert, R. J. (2010). Thinking inside the box: a participatory, computer-assisted approach to scenario discovery. Technological Forecasting and Social Change 77(1):34–49.',
  lempert:
    'Lempert, R. J., Popper, S. W. & Bankes, S. C. (2003). Shaping the Next One Hundred Years: New Methods for Quantitative, Long-Term Policy Analysis. RAND Corporation, MR-1626-RPC.',
  kwakkel:
    'Kwakkel, J. H. (2017). The Exploratory Modeling Workbench: an open source toolkit for exploratory modeling, scenario discovery, and (multi-objective) robust decision making. Environmental Modelling & Software 96:239–250.',
} as const;

type Robustness = 'robust' | 'fair' | 'fragile';

const TEXT = {
  en: {
    title: 'How robust is the ranking of the policies?',
    subtitle: 'Exploratory modelling over the simulator’s uncertain assumptions',
    methodName: { morris: 'Morris screening', sobol: 'Sobol indices', lhs: 'Latin hypercube' },
    metaMethod: 'Design',
    metaExperiments: 'Experiments',
    metaSeed: 'Seed',
    metaHorizon: 'Horizon',
    years: (n: number) => `${n} years`,
    from: (start: string) => `policies from ${start}`,
    howTitle: 'How to read this',
    how: (base: string) =>
      `Every experiment draws one value for each uncertain factor and simulates every policy and ${base} with those values and the same random streams, so that a policy’s difference against ${base} in an experiment is the effect of the policy under that set of assumptions. The report asks which policy does best across many such sets, how often the order changes, which assumptions drive the differences, and under which assumptions a policy works. Lower values are better for every outcome (fewer homicides, members, deaths, less cost).`,
    nav: 'Contents',
    summary: 'Summary',
    winner: (policy: string, outcome: string, n: number, shareBest: string, experiments: string) =>
      `On <strong>${outcome}</strong>, <strong>${policy}</strong> is the best of the ${n} options (status quo included) in ${shareBest} of the ${experiments} experiments.`,
    runnerUp: (policy: string, shareBest: string) => ` Next comes ${policy} (${shareBest}).`,
    effect: (policy: string, outcome: string, median: string, low: string, high: string, base: string) =>
      `${policy} changes ${outcome} by ${median} against ${base} in the median experiment (${low} to ${high} in 90% of the experiments).`,
    robustAll: 'The ranking is robust: it does better than each other option in every experiment.',
    robustness: {
      robust: (min: string, rival: string) =>
        `The ranking is robust: it does better than each other option in at least ${min} of the experiments (its closest rival is ${rival}).`,
      fair: (min: string, rival: string) =>
        `The ranking is fairly robust: it does better than each other option in at least ${min} of the experiments, and ${rival} comes closest.`,
      fragile: (min: string, rival: string) =>
        `The ranking is fragile: against ${rival} it does better in only ${min} of the experiments, so the order depends on the assumptions.`,
    } satisfies Record<Robustness, (min: string, rival: string) => string>,
    lowers: (policy: string, shareLower: string, base: string) =>
      `${policy} gives a lower value than ${base} in ${shareLower} of the experiments.`,
    drivers: (policy: string, factors: string) => `What drives the result of ${policy} most: ${factors}.`,
    driversAll: (factors: string) =>
      `Across all the policies, the assumptions that matter most are ${factors}.`,
    assumptionTag: 'an Atalaya assumption',
    primFinding: (question: string, limits: string, coverage: string, density: string) =>
      `${question}: this happens mostly when ${limits} (coverage ${coverage}, density ${density}).`,
    notForecast:
      'These are results of a model under stated assumptions, not forecasts; the ranges explored are in the factors table.',
    noRanking: 'The summary has no comparison of the policies.',
    method: 'Method and sample sizes',
    methodText: {
      morris: (n: string, k: number, experiments: string) =>
        `Morris’s elementary-effects screening (Morris 1991): ${n} trajectories through the ${k} factors, each moving one factor at a time across its range, ${experiments} experiments in all. μ*, the mean absolute elementary effect, ranks the factors; σ, the spread of the effects, reveals interactions and non-linearity. The 95% intervals of μ* are bootstrapped over trajectories. Morris screens: it ranks factors, it does not apportion variance.`,
      sobol: (n: string, k: number, experiments: string) =>
        `Variance-based sensitivity indices on Saltelli’s sampling scheme (Saltelli et al. 2010): ${n} base samples over the ${k} factors, ${experiments} experiments in all. S1 is the share of the variance of a difference due to one factor alone, ST the share it takes part in, interactions included (Jansen’s estimator, Jansen 1999). The 95% intervals are bootstrapped.`,
      lhs: (n: string, k: number, experiments: string) =>
        `A Latin hypercube of ${n} points over the ${k} factors (McKay, Beckman & Conover 1979), ${experiments} experiments in all: it spreads the experiments evenly over every factor’s range, for the robustness, regret and scenario-discovery analyses.`,
    },
    methodRobust: (base: string) =>
      `Robustness: for each pair of options, the share of experiments in which one’s difference against ${base} is lower than the other’s. Regret, as in Robust Decision Making (Lempert, Popper & Bankes 2003): in each experiment, how much worse a policy does than the best option of that experiment; a robust policy has a small regret in most experiments, not only on average. Satisficing: the share of experiments in which a policy does better than ${base}.`,
    methodPrim:
      'Scenario discovery (Bryant & Lempert 2010) with PRIM, the patient rule induction method (Friedman & Fisher 1999), as in the EMA Workbench (Kwakkel 2017): it looks for a few limits on a few factors that hold most of the experiments where a stated case happens (coverage) while keeping out the others (density). Where given, a classification tree (CART) offers an alternative set of boxes.',
    sizes: 'Sample sizes',
    quantity: 'Quantity',
    value: 'Value',
    sizeMethod: 'Design',
    sizeSamples: { morris: 'Trajectories (r)', sobol: 'Base samples (N)', lhs: 'Design points (N)' },
    sizeFactors: 'Uncertain factors (k)',
    sizeExperiments: 'Experiments',
    sizeOptions: 'Options compared (status quo included)',
    sizeYears: 'Years simulated',
    sizeStart: 'Policies start',
    sizeSeed: 'Seed',
    references: 'References',
    sensitivity: 'Which assumptions drive the result',
    sensitivityIntro: (outcome: string, base: string) =>
      `For each policy, the factors that move its difference against ${base} on ${outcome} most. The table after the charts names the three most influential factors for every outcome.`,
    sensTableCaption: (index: SensitivityIndex) =>
      index === 'sobol'
        ? 'The three factors with the largest total index ST (value in brackets), for each policy and outcome.'
        : 'The three factors with the largest μ* (value in brackets, in the outcome’s units), for each policy and outcome.',
    policy: 'Policy',
    outcome: 'Outcome',
    rank: (k: number) => ['Most influential', 'Second', 'Third'][k] ?? `#${k + 1}`,
    robustnessTitle: 'How robust is the ranking',
    robustnessIntro: (outcome: string) =>
      `The share of experiments in which the policy of a row does better than the policy of a column, on ${outcome}. A cell near 50% is a toss-up: which of the two is better depends on the assumptions.`,
    otherOutcomes: 'The same for the other outcomes',
    regret: 'Effects, regret and satisficing',
    regretIntro: (outcome: string) =>
      `Regret on ${outcome}: how far each option falls from the best one, over the experiments. A small median with a large 90th percentile is a policy that usually does well but sometimes badly.`,
    regretCaption:
      'Regret (median, 90th percentile, maximum) and the share of experiments in which the option is the best, for every outcome.',
    effectsCaption: (base: string) =>
      `Each policy’s difference against ${base} over the experiments: median (5th to 95th percentile).`,
    range: (median: string, low: string, high: string) => `${median} (${low} to ${high})`,
    median: 'Median',
    p90: '90th percentile',
    max: 'Maximum',
    best: 'Best in',
    satisficingCaption: (base: string) =>
      `Satisficing: share of experiments in which the policy gives a lower value than ${base}.`,
    prim: 'Under which assumptions a policy works',
    primIntro:
      'Each question names a case of interest (e.g. a policy lowering homicides); PRIM finds limits on a few factors inside which that case is frequent. Factors without limits in a box may take any value.',
    primBaseRate: (baseRate: string) => `The case happens in ${baseRate} of all experiments.`,
    box: 'Box',
    limits: 'Limits',
    coverage: 'Coverage',
    density: 'Density',
    mass: 'Share of experiments',
    cart: 'Alternative: classification tree (CART)',
    primNoBoxes: 'PRIM found no box for this question.',
    factors: 'The uncertain factors',
    factorsIntro:
      'The range explored is the factor’s 5% to 95% values. A factor drawn jointly (a row of a posterior sample) sets several parameters at once; its range is then in quantiles of that sample.',
    factor: 'Factor',
    mechanism: 'Mechanism',
    params: 'Parameters',
    low: '5%',
    high: '95%',
    assumption: 'Assumption',
    yes: 'yes',
    no: 'no',
    warnings: 'Warnings',
    present: 'The present the runs started from',
    presentText: (through: string, release: string, start: string) =>
      `Every experiment starts from the newest observed month, ${through} (release ${release}); the policies start in ${start}.`,
    presentNone: (start: string) =>
      `The summary does not name the observed month the runs started from; the policies start in ${start}.`,
    generated: (date: string) => `Generated by Atalaya on ${date}.`,
    generatedNoDate: 'Generated by Atalaya.',
  },
  es: {
    title: '¿Qué tan robusto es el orden de las políticas?',
    subtitle: 'Modelación exploratoria sobre los supuestos inciertos del simulador',
    methodName: { morris: 'Cribado de Morris', sobol: 'Índices de Sobol', lhs: 'Hipercubo latino' },
    metaMethod: 'Diseño',
    metaExperiments: 'Experimentos',
    metaSeed: 'Semilla',
    metaHorizon: 'Horizonte',
    years: (n: number) => `${n} años`,
    from: (start: string) => `políticas desde ${start}`,
    howTitle: 'Cómo leer este informe',
    how: (base: string) =>
      `Cada experimento toma un valor para cada factor incierto y simula todas las políticas y el ${base} con esos valores y las mismas secuencias aleatorias, de modo que la diferencia de una política frente al ${base} en un experimento es el efecto de la política bajo ese conjunto de supuestos. El informe pregunta qué política funciona mejor en muchos de esos conjuntos, con qué frecuencia cambia el orden, qué supuestos mueven las diferencias y bajo qué supuestos funciona una política. Para todos los resultados, menos es mejor (menos homicidios, integrantes, muertes, menor costo).`,
    nav: 'Contenido',
    summary: 'Resumen',
    winner: (policy: string, outcome: string, n: number, shareBest: string, experiments: string) =>
      `En <strong>${outcome}</strong>, <strong>${policy}</strong> es la mejor de las ${n} opciones (statu quo incluido) en ${shareBest} de los ${experiments} experimentos.`,
    runnerUp: (policy: string, shareBest: string) => ` Le sigue ${policy} (${shareBest}).`,
    effect: (policy: string, outcome: string, median: string, low: string, high: string, base: string) =>
      `Con ${policy}, ${outcome} cambia ${median} respecto al ${base} en el experimento mediano (de ${low} a ${high} en 90% de los experimentos).`,
    robustAll: 'El orden es robusto: supera a cada una de las otras opciones en todos los experimentos.',
    robustness: {
      robust: (min: string, rival: string) =>
        `El orden es robusto: supera a cada una de las otras opciones en al menos ${min} de los experimentos (su rival más cercano es ${rival}).`,
      fair: (min: string, rival: string) =>
        `El orden es moderadamente robusto: supera a cada una de las otras opciones en al menos ${min} de los experimentos, y ${rival} es la que más se acerca.`,
      fragile: (min: string, rival: string) =>
        `El orden es frágil: frente a ${rival} solo es mejor en ${min} de los experimentos, así que el orden depende de los supuestos.`,
    } satisfies Record<Robustness, (min: string, rival: string) => string>,
    lowers: (policy: string, shareLower: string, base: string) =>
      `${policy} da un valor menor que el ${base} en ${shareLower} de los experimentos.`,
    drivers: (policy: string, factors: string) => `Lo que más mueve el resultado de ${policy}: ${factors}.`,
    driversAll: (factors: string) =>
      `En el conjunto de las políticas, los supuestos que más importan son ${factors}.`,
    assumptionTag: 'supuesto de Atalaya',
    primFinding: (question: string, limits: string, coverage: string, density: string) =>
      `${question}: ocurre sobre todo cuando ${limits} (cobertura ${coverage}, densidad ${density}).`,
    notForecast:
      'Son resultados de un modelo bajo supuestos explícitos, no pronósticos; los rangos explorados están en la tabla de factores.',
    noRanking: 'El resumen no incluye la comparación de las políticas.',
    method: 'Método y tamaños de muestra',
    methodText: {
      morris: (n: string, k: number, experiments: string) =>
        `Cribado por efectos elementales de Morris (Morris 1991): ${n} trayectorias por los ${k} factores, cada una mueve un factor a la vez a lo largo de su rango, ${experiments} experimentos en total. μ*, la media del efecto elemental absoluto, ordena los factores; σ, la dispersión de los efectos, revela interacciones y no linealidad. Los intervalos de 95% de μ* se obtienen por bootstrap sobre las trayectorias. Morris criba: ordena los factores, no reparte la varianza.`,
      sobol: (n: string, k: number, experiments: string) =>
        `Índices de sensibilidad basados en la varianza con el esquema de muestreo de Saltelli (Saltelli et al. 2010): ${n} muestras base sobre los ${k} factores, ${experiments} experimentos en total. S1 es la parte de la varianza de una diferencia debida a un factor solo, ST la parte en la que interviene, interacciones incluidas (estimador de Jansen, Jansen 1999). Los intervalos de 95% se obtienen por bootstrap.`,
      lhs: (n: string, k: number, experiments: string) =>
        `Un hipercubo latino de ${n} puntos sobre los ${k} factores (McKay, Beckman y Conover 1979), ${experiments} experimentos en total: reparte los experimentos de manera uniforme en el rango de cada factor, para los análisis de robustez, arrepentimiento y descubrimiento de escenarios.`,
    },
    methodRobust: (base: string) =>
      `Robustez: para cada par de opciones, la proporción de experimentos en que la diferencia de una frente al ${base} es menor que la de la otra. Arrepentimiento, como en la toma de decisiones robusta (Robust Decision Making; Lempert, Popper y Bankes 2003): en cada experimento, cuánto peor le va a una política que a la mejor opción de ese experimento; una política robusta tiene poco arrepentimiento en la mayoría de los experimentos, no solo en promedio. Satisfacción de umbral: la proporción de experimentos en que una política da un valor menor que el ${base}.`,
    methodPrim:
      'Descubrimiento de escenarios (Bryant y Lempert 2010) con PRIM, el método paciente de inducción de reglas (Friedman y Fisher 1999), como en el EMA Workbench (Kwakkel 2017): busca unos pocos límites sobre unos pocos factores que contengan la mayoría de los experimentos en que ocurre un caso dado (cobertura) y dejen fuera a los demás (densidad). Cuando se incluye, un árbol de clasificación (CART) ofrece otro conjunto de cajas.',
    sizes: 'Tamaños de muestra',
    quantity: 'Cantidad',
    value: 'Valor',
    sizeMethod: 'Diseño',
    sizeSamples: {
      morris: 'Trayectorias (r)',
      sobol: 'Muestras base (N)',
      lhs: 'Puntos del diseño (N)',
    },
    sizeFactors: 'Factores inciertos (k)',
    sizeExperiments: 'Experimentos',
    sizeOptions: 'Opciones comparadas (statu quo incluido)',
    sizeYears: 'Años simulados',
    sizeStart: 'Inicio de las políticas',
    sizeSeed: 'Semilla',
    references: 'Referencias',
    sensitivity: 'Qué supuestos mueven el resultado',
    sensitivityIntro: (outcome: string, base: string) =>
      `Para cada política, los factores que más mueven su diferencia frente al ${base} en ${outcome}. La tabla que sigue a las gráficas nombra los tres factores más influyentes para cada resultado. Los nombres de los factores vienen del modelo y están en inglés.`,
    sensTableCaption: (index: SensitivityIndex) =>
      index === 'sobol'
        ? 'Los tres factores con mayor índice total ST (valor entre paréntesis), para cada política y resultado.'
        : 'Los tres factores con mayor μ* (valor entre paréntesis, en las unidades del resultado), para cada política y resultado.',
    policy: 'Política',
    outcome: 'Resultado',
    rank: (k: number) => ['El más influyente', 'Segundo', 'Tercero'][k] ?? `#${k + 1}`,
    robustnessTitle: 'Qué tan robusto es el orden',
    robustnessIntro: (outcome: string) =>
      `La proporción de experimentos en que la política de una fila es mejor que la de una columna, en ${outcome}. Una celda cerca de 50% es un volado: cuál de las dos es mejor depende de los supuestos.`,
    otherOutcomes: 'Lo mismo para los demás resultados',
    regret: 'Efectos, arrepentimiento y umbral',
    regretIntro: (outcome: string) =>
      `Arrepentimiento en ${outcome}: cuánto se aleja cada opción de la mejor, a lo largo de los experimentos. Una mediana pequeña con un percentil 90 grande es una política que suele funcionar bien pero a veces mal.`,
    regretCaption:
      'Arrepentimiento (mediana, percentil 90, máximo) y proporción de experimentos en que la opción es la mejor, para cada resultado.',
    effectsCaption: (base: string) =>
      `Diferencia de cada política respecto al ${base} a lo largo de los experimentos: mediana (percentil 5 a 95).`,
    range: (median: string, low: string, high: string) => `${median} (${low} a ${high})`,
    median: 'Mediana',
    p90: 'Percentil 90',
    max: 'Máximo',
    best: 'La mejor en',
    satisficingCaption: (base: string) =>
      `Umbral: proporción de experimentos en que la política da un valor menor que el ${base}.`,
    prim: 'Bajo qué supuestos funciona una política',
    primIntro:
      'Cada pregunta nombra un caso de interés (p. ej., que una política reduzca los homicidios); PRIM encuentra límites sobre unos pocos factores dentro de los cuales ese caso es frecuente. Los factores sin límites en una caja pueden tomar cualquier valor.',
    primBaseRate: (baseRate: string) => `El caso ocurre en ${baseRate} de todos los experimentos.`,
    box: 'Caja',
    limits: 'Límites',
    coverage: 'Cobertura',
    density: 'Densidad',
    mass: 'Proporción de experimentos',
    cart: 'Alternativa: árbol de clasificación (CART)',
    primNoBoxes: 'PRIM no encontró ninguna caja para esta pregunta.',
    factors: 'Los factores inciertos',
    factorsIntro:
      'El rango explorado va de los valores de 5% a 95% del factor. Un factor tomado en conjunto (una fila de una muestra posterior) fija varios parámetros a la vez; su rango está entonces en cuantiles de esa muestra. Los nombres vienen del modelo y están en inglés.',
    factor: 'Factor',
    mechanism: 'Mecanismo',
    params: 'Parámetros',
    low: '5%',
    high: '95%',
    assumption: 'Supuesto',
    yes: 'sí',
    no: 'no',
    warnings: 'Advertencias',
    present: 'El presente del que partieron las corridas',
    presentText: (through: string, release: string, start: string) =>
      `Cada experimento parte del mes observado más reciente, ${through} (publicación ${release}); las políticas empiezan en ${start}.`,
    presentNone: (start: string) =>
      `El resumen no dice de qué mes observado partieron las corridas; las políticas empiezan en ${start}.`,
    generated: (date: string) => `Generado por Atalaya el ${date}.`,
    generatedNoDate: 'Generado por Atalaya.',
  },
} as const;

type Text = (typeof TEXT)['en' | 'es'];

const CSS = `
.findings{font-size:1.05rem;padding-left:1.2em}
.findings li{margin:0 0 10px}
.charts{display:flex;flex-wrap:wrap;gap:18px 28px;margin:12px 0}
.charts figure{flex:1 1 560px;max-width:760px}
details{margin:14px 0}
details summary{cursor:pointer;font-weight:600}
.refs{font-size:.88rem;padding-left:1.2em}
.refs li{margin:0 0 6px}
.limits{margin:0;padding:0;list-style:none;text-align:left}
.sizes table{width:auto;min-width:420px}
td.l,th.l{text-align:left}
.warnings{font-size:.85rem;color:#6b4a00;background:#fff8e1;border:1px solid #f0d68a;padding:8px 14px 8px 28px}
@media print{figure,tr{break-inside:avoid}.how{border-left-color:#000}}
`;

interface Ctx {
  s: ExploreSummary;
  locale: Locale;
  T: Text;
  headline: OutcomeId | undefined;
  base: string;
}

export function renderExploreReport(summary: ExploreSummary, options: ExploreReportOptions): string {
  const locale: Locale = options.locale === 'es' ? 'es' : 'en';
  const T = TEXT[locale];
  const ctx: Ctx = {
    s: summary,
    locale,
    T,
    headline: headlineOutcome(summary),
    base: scenarioName(summary, summary.baseline, locale),
  };
  const title = options.title ?? T.title;
  const sections = [
    renderSummary(ctx),
    renderMethod(ctx),
    renderSensitivity(ctx),
    renderRobustness(ctx),
    renderRegret(ctx),
    renderPrim(ctx),
    renderFactors(ctx),
    renderWarnings(ctx),
    renderPresent(ctx),
  ].filter((x): x is PageSection => x !== undefined);
  return renderPage({
    locale,
    title,
    css: CSS,
    header: renderHeader(ctx, title),
    navLabel: T.nav,
    sections,
    footer: `${options.generatedAt ? T.generated(formatDate(options.generatedAt, locale)) : T.generatedNoDate} ${T.notForecast}`,
  });
}

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────

function section(id: string, title: string, body: string): PageSection {
  return {
    id,
    title,
    html: `<section id="${id}" aria-labelledby="${id}-h">\n<h2 id="${id}-h">${escapeHtml(title)}</h2>\n${body}\n</section>`,
  };
}

/** A table; `left` lists the columns (after the first) whose header is left-aligned like their text. */
function table(caption: string, head: string[], rows: string[], left: number[] = []): string {
  return [
    '<div class="scroll">',
    `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}`,
    `<thead><tr>${head
      .map((h, k) => `<th scope="col"${left.includes(k) ? ' class="l"' : ''}>${escapeHtml(h)}</th>`)
      .join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</div>',
  ].join('\n');
}

function whole(v: number, locale: Locale): string {
  return fixed(v, 0, locale);
}

/** "2026-01" → "January 2026" / "enero de 2026"; other labels as they are. */
function monthName(label: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m) return label;
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-MX' : 'en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

function listOf(items: string[], locale: Locale): string {
  return new Intl.ListFormat(locale === 'es' ? 'es' : 'en', { type: 'conjunction' }).format(items);
}

/**
 * Text from the computation (warnings) may name files: only the file's name is kept, never the folders of
 * the machine that ran it.
 */
export function withoutPaths(text: string): string {
  return text.replace(/(^|[\s("'=])(?:[A-Za-z]:[\\/]|~?\/)(?:[^\s\\/"')]+[\\/])+([^\s\\/"')]*)/g, '$1$2');
}

/**
 * Whether an outcome was measured: a run too short for it (10 years of a 5-year run), or a quantity the
 * engine does not report, gives no finite regret or effect, and its shares would read as findings.
 */
function hasData(s: ExploreSummary, o: OutcomeId): boolean {
  const values = [
    ...s.regret.filter((r) => r.outcome === o).map((r) => r.p50),
    ...(s.effects ?? []).filter((r) => r.outcome === o).map((r) => r.p50),
  ];
  return values.length === 0 || values.some((v) => Number.isFinite(v));
}

/** A chart of explore-charts.ts: it carries its own title and caption. */
function figure(svg: string): string {
  return `<figure>${svg}</figure>`;
}

function factorLabel(ctx: Ctx, id: string): string {
  return factorInfo(ctx.s, id)?.label ?? id;
}

function indexValue(ctx: Ctx, r: SensitivityRow, index: SensitivityIndex, outcome: OutcomeId): string {
  return index === 'sobol'
    ? fixed(r.ST ?? Number.NaN, 2, ctx.locale)
    : outcomeAmount(r.muStar ?? Number.NaN, outcomeInfo(ctx.s, outcome), ctx.locale);
}

/** The limits of a box in words: "Share of operations… ≤ 0.307 and Leadership shocks… ≤ 0.413". */
function limitWords(ctx: Ctx, box: PrimBox): string[] {
  return Object.entries(box.limits).map(([id, [lo, hi]]) => {
    const f = factorInfo(ctx.s, id);
    const label = factorLabel(ctx, id);
    const tolerance = f ? (f.high - f.low) * 1e-3 : 0;
    const loFree = f !== undefined && lo <= f.low + tolerance;
    const hiFree = f !== undefined && hi >= f.high - tolerance;
    if (loFree && !hiFree) return `${label} ≤ ${sig3(hi, ctx.locale)}`;
    if (hiFree && !loFree) return `${label} ≥ ${sig3(lo, ctx.locale)}`;
    return `${label} ${sig3(lo, ctx.locale)}–${sig3(hi, ctx.locale)}`;
  });
}

/** Factors most influential across the policies on one outcome: each policy's indices scaled to its top. */
function overallDrivers(ctx: Ctx, outcome: OutcomeId): string[] {
  const score = new Map<string, number>();
  for (const p of policyIds(ctx.s)) {
    const ranked = rankedFactors(ctx.s, p, outcome);
    const index = sensitivityIndex(ctx.s, ranked);
    const key = (r: SensitivityRow) => (index === 'sobol' ? r.ST : r.muStar) ?? 0;
    const top = ranked.length > 0 ? key(ranked[0]) : 0;
    if (!(top > 0)) continue;
    for (const r of ranked) score.set(r.parameter, (score.get(r.parameter) ?? 0) + key(r) / top);
  }
  const order = (id: string) => ctx.s.parameters.indexOf(id);
  return [...score.entries()].sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0])).map(([id]) => id);
}

function namedFactors(ctx: Ctx, ids: string[]): string {
  return listOf(
    ids.map((id) => {
      const label = `<em>${escapeHtml(factorLabel(ctx, id))}</em>`;
      return factorInfo(ctx.s, id)?.assumption ? `${label} (${escapeHtml(ctx.T.assumptionTag)})` : label;
    }),
    ctx.locale,
  );
}

// ── Sections ──────────────────────────────────────────────────────────────────────────────────────────

function renderHeader(ctx: Ctx, title: string): string {
  const { s, T, locale } = ctx;
  const meta = [
    [T.metaMethod, T.methodName[s.method]],
    [T.metaExperiments, whole(s.experiments, locale)],
    [T.metaHorizon, `${T.years(s.years)}, ${T.from(monthName(s.start, locale))}`],
    [T.metaSeed, String(s.seed)],
  ];
  return [
    `<header>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${escapeHtml(T.subtitle)}</p>`,
    `<ul class="meta">${meta.map(([k, v]) => `<li>${escapeHtml(k)}: <strong>${escapeHtml(v)}</strong></li>`).join('')}</ul>`,
    `<section class="how"><h2>${escapeHtml(T.howTitle)}</h2><p>${escapeHtml(T.how(ctx.base))}</p></section>`,
    `</header>`,
  ].join('\n');
}

function renderSummary(ctx: Ctx): PageSection {
  const { s, T, locale, headline } = ctx;
  const items: string[] = [];
  const esc = escapeHtml;
  const name = (id: string) => esc(scenarioName(s, id, locale));
  if (headline) {
    const outcome = esc(outcomeName(s, headline, locale));
    const regret = s.regret.filter((r) => r.outcome === headline).sort((a, b) => b.shareBest - a.shareBest);
    const options = new Set([...regret.map((r) => r.scenario), ...policyIds(s), s.baseline]).size;
    const winner = regret[0]?.scenario;
    if (winner) {
      let text = T.winner(
        name(winner),
        outcome,
        options,
        esc(share(regret[0].shareBest, locale)),
        esc(whole(s.experiments, locale)),
      );
      if (regret[1] && regret[1].shareBest > 0)
        text += T.runnerUp(name(regret[1].scenario), esc(share(regret[1].shareBest, locale)));
      items.push(text);
      const effect = (s.effects ?? []).find((r) => r.outcome === headline && r.scenario === winner);
      if (effect && Number.isFinite(effect.p50)) {
        const info = outcomeInfo(s, headline);
        const change = (v: number) => esc(outcomeChange(v, info, locale));
        items.push(
          T.effect(
            name(winner),
            outcome,
            change(effect.p50),
            change(effect.p05),
            change(effect.p95),
            esc(ctx.base),
          ),
        );
      }
      const against = s.robustness
        .filter((r) => r.outcome === headline && r.a === winner && r.b !== winner)
        .sort((a, b) => a.shareABetter - b.shareABetter);
      if (against[0]) {
        const min = against[0].shareABetter;
        const level: Robustness = min >= ROBUST ? 'robust' : min >= FAIRLY_ROBUST ? 'fair' : 'fragile';
        items.push(
          min >= 1 ? esc(T.robustAll) : T.robustness[level](esc(share(min, locale)), name(against[0].b)),
        );
      }
      const lower = s.satisficing.find((r) => r.outcome === headline && r.scenario === winner);
      if (lower) items.push(T.lowers(name(winner), esc(share(lower.shareLower, locale)), esc(ctx.base)));
      if (winner !== s.baseline) {
        const top = rankedFactors(s, winner, headline).slice(0, TOP_FACTORS);
        if (top.length > 0)
          items.push(
            T.drivers(
              name(winner),
              namedFactors(
                ctx,
                top.map((r) => r.parameter),
              ),
            ),
          );
      }
    } else {
      items.push(esc(T.noRanking));
    }
    const overall = overallDrivers(ctx, headline).slice(0, TOP_FACTORS);
    if (overall.length > 0 && policyIds(s).length > 1) items.push(T.driversAll(namedFactors(ctx, overall)));
  } else {
    items.push(esc(T.noRanking));
  }
  for (const answer of s.prim) {
    const box = answer.boxes[0];
    if (!box || Object.keys(box.limits).length === 0) continue;
    items.push(
      T.primFinding(
        esc(primQuestion(s, answer, locale)),
        listOf(limitWords(ctx, box).map(esc), locale),
        esc(share(box.coverage, locale)),
        esc(share(box.density, locale)),
      ),
    );
  }
  items.push(esc(T.notForecast));
  return section(
    'summary',
    T.summary,
    `<ul class="findings">${items.map((i) => `<li>${i}</li>`).join('\n')}</ul>`,
  );
}

function renderMethod(ctx: Ctx): PageSection {
  const { s, T, locale } = ctx;
  const k = s.factors.length || s.parameters.length;
  const options = new Set([s.baseline, ...s.scenarios.map((x) => x.id)]).size;
  const rows: [string, string][] = [
    [T.sizeMethod, T.methodName[s.method]],
    [T.sizeSamples[s.method], whole(s.samples, locale)],
    [T.sizeFactors, whole(k, locale)],
    [T.sizeExperiments, whole(s.experiments, locale)],
    [T.sizeOptions, whole(options, locale)],
    [T.sizeYears, whole(s.years, locale)],
    [T.sizeStart, monthName(s.start, locale)],
    [T.sizeSeed, String(s.seed)],
  ];
  const refs = [
    ...(s.method === 'morris' ? [REFERENCES.morris] : []),
    ...(s.method === 'sobol' ? [REFERENCES.saltelli, REFERENCES.jansen] : []),
    ...(s.method === 'lhs' ? [REFERENCES.mckay] : []),
    REFERENCES.lempert,
    REFERENCES.friedman,
    REFERENCES.bryant,
    REFERENCES.kwakkel,
  ];
  const others = Object.values(REFERENCES).filter((r) => !refs.includes(r) && r !== REFERENCES.mckay);
  const body = [
    `<p>${escapeHtml(T.methodText[s.method](whole(s.samples, locale), k, whole(s.experiments, locale)))}</p>`,
    `<p>${escapeHtml(T.methodRobust(ctx.base))}</p>`,
    `<p>${escapeHtml(T.methodPrim)}</p>`,
    `<h3>${escapeHtml(T.sizes)}</h3>`,
    `<div class="sizes">${table(
      '',
      [T.quantity, T.value],
      rows.map(([q, v]) => `<tr><td>${escapeHtml(q)}</td><td>${escapeHtml(v)}</td></tr>`),
    )}</div>`,
    `<h3>${escapeHtml(T.references)}</h3>`,
    // The other design's references too: the same report format serves Morris and Sobol runs.
    `<ol class="refs">${[...refs, ...others].map((r) => `<li>${escapeHtml(r)}</li>`).join('\n')}</ol>`,
  ];
  return section('method', T.method, body.join('\n'));
}

function renderSensitivity(ctx: Ctx): PageSection | undefined {
  const { s, T, locale, headline } = ctx;
  if (s.sensitivity.length === 0 || !headline) return undefined;
  const policies = policyIds(s).filter((p) => s.sensitivity.some((r) => r.scenario === p));
  const charts = policies
    .filter((p) => s.sensitivity.some((r) => r.scenario === p && r.outcome === headline))
    .map((p) => figure(sensitivityChart(s, { scenario: p, outcome: headline, locale })));
  const outcomes = s.outcomes.map((o) => o.id).filter((o) => s.sensitivity.some((r) => r.outcome === o));
  const index = sensitivityIndex(s, s.sensitivity);
  const rows: string[] = [];
  for (const p of policies) {
    outcomes.forEach((o, k) => {
      const top = rankedFactors(s, p, o, index).slice(0, TOP_FACTORS);
      if (top.length === 0) return;
      const cells = Array.from({ length: TOP_FACTORS }, (_, i) => {
        const r = top[i];
        return r
          ? `<td class="l">${escapeHtml(factorLabel(ctx, r.parameter))} (${escapeHtml(indexValue(ctx, r, index, o))})</td>`
          : '<td></td>';
      });
      rows.push(
        `<tr>${k === 0 ? `<th scope="row" rowspan="${outcomes.length}">${escapeHtml(scenarioName(s, p, locale))}</th>` : ''}<td class="l">${escapeHtml(outcomeName(s, o, locale))}</td>${cells.join('')}</tr>`,
      );
    });
  }
  const body = [
    `<p>${escapeHtml(T.sensitivityIntro(outcomeName(s, headline, locale), ctx.base))}</p>`,
    `<div class="charts">${charts.join('\n')}</div>`,
    table(
      T.sensTableCaption(index),
      [T.policy, T.outcome, ...Array.from({ length: TOP_FACTORS }, (_, k) => T.rank(k))],
      rows,
      [1, 2, 3, 4],
    ),
  ];
  return section('sensitivity', T.sensitivity, body.join('\n'));
}

function renderRobustness(ctx: Ctx): PageSection | undefined {
  const { s, T, locale, headline } = ctx;
  if (s.robustness.length === 0 || !headline) return undefined;
  const others = s.outcomes
    .map((o) => o.id)
    .filter((o) => o !== headline && hasData(s, o) && s.robustness.some((r) => r.outcome === o));
  const body = [
    `<p>${escapeHtml(T.robustnessIntro(outcomeName(s, headline, locale)))}</p>`,
    figure(robustnessMatrix(s, { outcome: headline, locale })),
  ];
  if (others.length > 0) {
    body.push(
      `<details><summary>${escapeHtml(T.otherOutcomes)}</summary><div class="charts">${others
        .map((o) => figure(robustnessMatrix(s, { outcome: o, locale })))
        .join('\n')}</div></details>`,
    );
  }
  return section('robustness', T.robustnessTitle, body.join('\n'));
}

function renderRegret(ctx: Ctx): PageSection | undefined {
  const { s, T, locale, headline } = ctx;
  if ((s.regret.length === 0 && s.satisficing.length === 0 && (s.effects ?? []).length === 0) || !headline)
    return undefined;
  const body: string[] = [];
  const outcomes = s.outcomes.map((o) => o.id).filter((o) => hasData(s, o));
  const effects = s.effects ?? [];
  if (effects.length > 0) {
    const withRows = outcomes.filter((o) => effects.some((r) => r.outcome === o));
    const rows = policyIds(s)
      .filter((p) => effects.some((r) => r.scenario === p))
      .map(
        (p) =>
          `<tr><th scope="row">${escapeHtml(scenarioName(s, p, locale))}</th>${withRows
            .map((o) => {
              const r = effects.find((x) => x.scenario === p && x.outcome === o);
              const info = outcomeInfo(s, o);
              const change = (v: number) => outcomeChange(v, info, locale);
              // Not measured for this policy (no such metric): a dash, never a number.
              if (!r || !Number.isFinite(r.p50)) return '<td>–</td>';
              return `<td>${escapeHtml(T.range(change(r.p50), change(r.p05), change(r.p95)))}</td>`;
            })
            .join('')}</tr>`,
      );
    body.push(
      table(T.effectsCaption(ctx.base), [T.policy, ...withRows.map((o) => outcomeName(s, o, locale))], rows),
    );
  }
  if (s.regret.length > 0) {
    body.push(
      `<p>${escapeHtml(T.regretIntro(outcomeName(s, headline, locale)))}</p>`,
      figure(regretChart(s, { outcome: headline, locale })),
    );
    const rows: string[] = [];
    for (const o of outcomes) {
      const info = outcomeInfo(s, o);
      const these = s.regret.filter((r) => r.outcome === o).sort((a, b) => a.p90 - b.p90 || a.p50 - b.p50);
      // An outcome one policy could not measure has no regret for anyone: a block of dashes says nothing.
      if (!these.some((r) => [r.p50, r.p90, r.max].some(Number.isFinite))) continue;
      these.forEach((r, k) => {
        rows.push(
          `<tr>${k === 0 ? `<th scope="row" rowspan="${these.length}">${escapeHtml(outcomeName(s, o, locale))}</th>` : ''}<td class="l">${escapeHtml(scenarioName(s, r.scenario, locale))}</td>` +
            [r.p50, r.p90, r.max]
              .map((v) => `<td>${escapeHtml(outcomeAmount(v, info, locale))}</td>`)
              .join('') +
            `<td>${escapeHtml(share(r.shareBest, locale))}</td></tr>`,
        );
      });
    }
    body.push(table(T.regretCaption, [T.outcome, T.policy, T.median, T.p90, T.max, T.best], rows, [1]));
  }
  if (s.satisficing.length > 0) {
    const withRows = outcomes.filter((o) => s.satisficing.some((r) => r.outcome === o));
    const policies = policyIds(s).filter((p) => s.satisficing.some((r) => r.scenario === p));
    const rows = policies.map(
      (p) =>
        `<tr><th scope="row">${escapeHtml(scenarioName(s, p, locale))}</th>${withRows
          .map((o) => {
            const r = s.satisficing.find((x) => x.scenario === p && x.outcome === o);
            return `<td>${r ? escapeHtml(share(r.shareLower, locale)) : '–'}</td>`;
          })
          .join('')}</tr>`,
    );
    body.push(
      table(
        T.satisficingCaption(ctx.base),
        [T.policy, ...withRows.map((o) => outcomeName(s, o, locale))],
        rows,
      ),
    );
  }
  return section('regret', T.regret, body.join('\n'));
}

function boxTable(ctx: Ctx, answer: PrimAnswer, boxes: PrimBox[], caption: string): string {
  const { T, locale } = ctx;
  const rows = boxes.map(
    (box, k) =>
      `<tr><td>${k + 1}</td><td class="l"><ul class="limits">${limitWords(ctx, box)
        .map((w) => `<li>${escapeHtml(w)}</li>`)
        .join(
          '',
        )}</ul></td><td>${escapeHtml(share(box.coverage, locale))}</td><td>${escapeHtml(share(box.density, locale))}</td><td>${escapeHtml(share(box.mass, locale))}</td></tr>`,
  );
  return table(
    `${caption} ${T.primBaseRate(share(answer.baseRate, locale))}`,
    [T.box, T.limits, T.coverage, T.density, T.mass],
    rows,
    [1],
  );
}

function renderPrim(ctx: Ctx): PageSection | undefined {
  const { s, T, locale } = ctx;
  if (s.prim.length === 0) return undefined;
  const body = [`<p>${escapeHtml(T.primIntro)}</p>`];
  s.prim.forEach((answer, q) => {
    const question = primQuestion(s, answer, locale);
    body.push(`<h3>${escapeHtml(question)}</h3>`);
    if (answer.boxes.length === 0) {
      body.push(
        `<p class="note">${escapeHtml(T.primNoBoxes)} ${escapeHtml(T.primBaseRate(share(answer.baseRate, locale)))}</p>`,
      );
    } else {
      // The charts carry the box's caption (coverage, density) themselves; the trade-off PRIM chose the first
      // box on sits next to it when the summary recorded it (not in summaries written before trajectories).
      const trajectory = (answer.boxes[0].trajectory ?? []).length > 0;
      body.push(
        `<div class="charts">${figure(primBoxChart(s, { question: q, box: 0, locale }))}${
          trajectory ? `\n${figure(primTrajectoryChart(s, { question: q, box: 0, locale }))}` : ''
        }</div>`,
        boxTable(ctx, answer, answer.boxes, 'PRIM.'),
      );
    }
    if (answer.cart && answer.cart.length > 0) {
      body.push(`<h4>${escapeHtml(T.cart)}</h4>`, boxTable(ctx, answer, answer.cart, 'CART.'));
    }
  });
  return section('prim', T.prim, body.join('\n'));
}

function renderFactors(ctx: Ctx): PageSection | undefined {
  const { s, T, locale } = ctx;
  if (s.factors.length === 0) return undefined;
  const order = (id: string) => s.parameters.indexOf(id);
  const rows = [...s.factors]
    .sort((a, b) => order(a.id) - order(b.id))
    .map(
      (f) =>
        `<tr><th scope="row">${escapeHtml(f.label)}</th><td class="l"><code>${escapeHtml(f.params.join(', '))}</code></td><td class="l">${escapeHtml(f.mechanism)}</td><td>${escapeHtml(sig3(f.low, locale))}</td><td>${escapeHtml(sig3(f.high, locale))}</td><td>${escapeHtml(f.assumption ? T.yes : T.no)}</td></tr>`,
    );
  return section(
    'factors',
    T.factors,
    `<p>${escapeHtml(T.factorsIntro)}</p>\n${table('', [T.factor, T.params, T.mechanism, T.low, T.high, T.assumption], rows, [1, 2])}`,
  );
}

function renderWarnings(ctx: Ctx): PageSection | undefined {
  if (ctx.s.warnings.length === 0) return undefined;
  const items = [...new Set(ctx.s.warnings.map(withoutPaths))];
  return section(
    'warnings',
    ctx.T.warnings,
    `<ul class="warnings">${items.map((w) => `<li>${escapeHtml(w)}</li>`).join('\n')}</ul>`,
  );
}

function renderPresent(ctx: Ctx): PageSection {
  const { s, T, locale } = ctx;
  const start = monthName(s.start, locale);
  const text = s.present
    ? T.presentText(monthName(s.present.through, locale), withoutPaths(s.present.release), start)
    : T.presentNone(start);
  return section('present', T.present, `<p>${escapeHtml(text)}</p>`);
}
