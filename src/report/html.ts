import { homicideHistory } from '../data/homicide-history.js';
import { STATES } from '../data/states.js';
import { METRICS, type MetricId } from '../sim/metrics.js';
import type { AreaSummary, ScenarioSummary, Summary } from '../sim/summary.js';
import {
  changeColorScale,
  colorScale,
  type DifferenceRow,
  differenceChart,
  EXCLUDES_ZERO,
  escapeHtml,
  fanChart,
  historyMax,
  swatch,
  timeOf,
} from './charts.js';
import { createDocument } from './document.js';
import { formatMetric, type Locale, percent } from './format.js';
import { HISTORY_TEXT } from './history-text.js';
import { formatDate, niceCeil, type PageSection, renderPage } from './page.js';
import {
  type BaseNames,
  baselineOf,
  baseNames,
  diffAt,
  type Horizon,
  keyFindings,
  pct,
  rankScenarios,
  relativeIsDefined,
  reportHorizon,
  SMALL_CHANGE,
  scenarioTitle,
  share,
  valueAt,
} from './reading.js';
import { colorLegend, tileMap } from './tile-map.js';

/**
 * The comparison as one self-contained HTML page: inline CSS, inline SVG charts, no script and no
 * network. Same summary and `generatedAt` → same bytes.
 */
export interface HtmlReportOptions {
  locale?: Locale;
  /** Observed national homicides drawn as dots on the homicide fan charts (default: INEGI 2012–2024). */
  observed?: { year: number; value: number }[];
  title?: string;
  /** ISO date or timestamp shown in the footer (default: now). */
  generatedAt?: string;
}

export { escapeHtml };

const TABLE_METRICS: MetricId[] = [
  'homicides',
  'homicideRate',
  'members',
  'groups',
  'usOverdoseDeaths',
  'extortion',
  'tradeCost',
  'fiscalCost',
  'cooperation',
];
/** Metrics whose changes get colour cues (lower is better). */
const VIOLENCE_METRICS = new Set<MetricId>(['homicides', 'homicideRate', 'conflictDeaths']);
const FAN_METRICS: MetricId[] = ['homicides', 'members', 'conflictDeaths', 'usOverdoseDeaths'];

const TEXT = {
  en: {
    title: 'Which course of action would reduce cartel violence most?',
    subtitle: 'Simulated policy scenarios for organized-crime violence in Mexico',
    period: 'Period',
    runs: (runs: string, seed: string) => `${runs} runs, seed ${seed}`,
    resolution: { year: 'yearly', month: 'monthly', week: 'weekly' },
    groupsData: 'Groups data',
    howTitle: 'How to read this',
    how: (B: BaseNames) =>
      `Each chart shows the range of outcomes over many simulation runs. The dark line is the median (half the runs above, half below), the darker band holds the middle 50% of runs and the light band 90%. Comparisons with ${B.noun} are paired: in each run every scenario faces the same parameters and the same random events (common random numbers), so a difference is the effect of the policy in that run, not chance. “P(lower)” is the share of runs in which the scenario ends lower than ${B.noun}.`,
    nav: 'Contents',
    findings: 'Key findings',
    findingsNote: (t: string | number, years: number) => `At the ${years}-year horizon (${t}).`,
    table: 'Scenarios compared',
    tableCaption: (t: string | number, B: BaseNames) =>
      `Median in ${t} and change against ${B.noun} (median of paired differences; for homicides, 90% interval and P(lower)). Rows are ordered by the change in homicides.`,
    scenario: 'Scenario',
    descriptions: 'What each scenario assumes',
    baselineTag: 'baseline',
    noData: 'not simulated',
    cueLegend:
      'Colour cues only on violence metrics: blue = lower than the baseline, red = higher; solid when the 90% interval excludes zero, pale when only the median does.',
    fans: 'Trajectories',
    fansIntro: (B: BaseNames) =>
      `One panel per scenario, same vertical scale within each metric. The grey line is the median ${B.de}, repeated in every panel for reference; the dashed line marks the start of the policy.`,
    legendMedian: 'Median',
    legend50: '50% of runs',
    legend90: '90% of runs',
    legendBase: (B: BaseNames) => `${B.title} median`,
    legendObserved: 'Observed (INEGI)',
    legendStart: 'Policy start',
    perYear: 'per year',
    perPeriod: 'per period',
    endOfYear: 'end of period',
    average: 'average',
    difference: 'Effect on homicides',
    differenceCaption: (t: string | number, B: BaseNames) =>
      `Change in homicides in ${t} against ${B.noun}: dot = median of paired differences, bar = 90% interval. Dark blue: the whole interval is below zero; pale blue: only the median is (by 1% or more); red and pale red likewise above zero; grey: a median change under 1%.`,
    differenceAxis: (B: BaseNames) => `Change in homicides vs ${B.noun}`,
    states: 'By state',
    statesIntro:
      'Each square is a state, placed roughly where it lies on the map. Rates use the 2020 population (CONAPO). State changes compare medians, not paired runs.',
    rateMap: (t: string | number, B: BaseNames) => `Homicides per 100,000 in ${t} under ${B.noun} (median)`,
    changeMap: (t: string | number, name: string, B: BaseNames) =>
      `${name}: change in median homicides by state in ${t} against ${B.noun}`,
    rateLegend: 'Homicides per 100,000',
    changeLegend: 'Change in median homicides',
    topStates: (t: string | number, B: BaseNames) =>
      `The 10 states with most homicides in ${t} under ${B.noun}`,
    state: 'State',
    homicides: 'Homicides (median, 90% interval)',
    rate: 'Per 100,000',
    under: (name: string) => `Under ${name}`,
    change: 'Change',
    method: 'Method and assumptions',
    model: [
      'Atalaya extends the recruitment–conflict model of Prieto-Curiel, Campedelli & Hope (2023, Science 381:1312–1316): criminal groups recruit, lose members to incarceration and to conflict with rival groups, and saturate. The extension adds organisational layers, leadership shocks (removals, splits and successions), territory by state, the criminal economy (extortion), firearms, the drug market (US overdose deaths and border inspections) and US–Mexico security cooperation.',
      'Each run draws the uncertain parameters from their ranges and simulates every scenario with the same draw and the same random streams, so that differences between scenarios are the effect of the policies and not sampling noise.',
      'Parameters that rest on judgement rather than on a published estimate are marked ASSUMPTION and listed, with their ranges and sources, in docs/MODEL.md.',
    ],
    calibration: 'Homicide calibration',
    calibrationIntro: (runs: string, years: string) =>
      `In each run, national homicides are fitted to INEGI death certificates ${years} as homicides outside the groups + κ × conflict deaths + a fading legacy of the 2008–2011 escalation. Median and 90% interval over ${runs} runs:`,
    calNonCartel: 'Homicides outside the groups (h), per 100,000 per year',
    calKappa: 'Recorded homicides per conflict death (κ)',
    calLegacy: 'Legacy homicides at the start of 2012 (L₀), per year',
    calLegacyYears: 'Legacy decay time (τ), years',
    calMape: 'Mean absolute percentage error of the fit',
    quantity: 'Quantity',
    median: 'Median',
    interval: '90% interval',
    sources: 'Sources',
    observedSource: (years: string) =>
      `Observed homicides: INEGI, Estadísticas de Defunciones Registradas (death certificates, homicides by year of occurrence), ${years}.`,
    warnings: 'Warnings from the simulation',
    similar: (n: number) => `(and ${n} similar)`,
    generated: (date: string) => `Generated by Atalaya on ${date}.`,
    notForecast: 'Model results under stated assumptions, not forecasts.',
  },
  es: {
    title: '¿Qué curso de acción reduciría más la violencia de los cárteles?',
    subtitle: 'Escenarios de política simulados para la violencia del crimen organizado en México',
    period: 'Periodo',
    runs: (runs: string, seed: string) => `${runs} corridas, semilla ${seed}`,
    resolution: { year: 'anual', month: 'mensual', week: 'semanal' },
    groupsData: 'Datos de los grupos',
    howTitle: 'Cómo leer este informe',
    how: (B: BaseNames) =>
      `Cada gráfica muestra el rango de resultados de muchas corridas de la simulación. La línea oscura es la mediana (la mitad de las corridas por encima, la mitad por debajo), la banda más oscura contiene el 50% central de las corridas y la clara el 90%. Las comparaciones con ${B.noun} son pareadas: en cada corrida todos los escenarios enfrentan los mismos parámetros y los mismos eventos aleatorios (números aleatorios comunes), así que una diferencia es el efecto de la política en esa corrida, no el azar. «P(menor)» es la proporción de corridas en las que el escenario termina por debajo ${B.de}.`,
    nav: 'Contenido',
    findings: 'Hallazgos principales',
    findingsNote: (t: string | number, years: number) => `A ${years} años (${t}).`,
    table: 'Comparación de escenarios',
    tableCaption: (t: string | number, B: BaseNames) =>
      `Mediana en ${t} y cambio respecto ${B.a} (mediana de las diferencias pareadas; para homicidios, intervalo de 90% y P(menor)). Las filas están ordenadas por el cambio en homicidios.`,
    scenario: 'Escenario',
    descriptions: 'Qué supone cada escenario (descripciones en inglés)',
    baselineTag: 'referencia',
    noData: 'no simulado',
    cueLegend:
      'Colores solo en las métricas de violencia: azul = menor que la referencia, rojo = mayor; intenso cuando el intervalo de 90% excluye el cero, tenue cuando solo la mediana lo hace.',
    fans: 'Trayectorias',
    fansIntro: (B: BaseNames) =>
      `Un panel por escenario, con la misma escala vertical para cada métrica. La línea gris es la mediana ${B.de}, repetida en cada panel como referencia; la línea punteada marca el inicio de la política.`,
    legendMedian: 'Mediana',
    legend50: '50% de las corridas',
    legend90: '90% de las corridas',
    legendBase: (B: BaseNames) => `Mediana ${B.de}`,
    legendObserved: 'Observado (INEGI)',
    legendStart: 'Inicio de la política',
    perYear: 'por año',
    perPeriod: 'por periodo',
    endOfYear: 'al final del periodo',
    average: 'promedio',
    difference: 'Efecto sobre los homicidios',
    differenceCaption: (t: string | number, B: BaseNames) =>
      `Cambio en homicidios en ${t} respecto ${B.a}: punto = mediana de las diferencias pareadas, barra = intervalo de 90%. Azul intenso: todo el intervalo está por debajo de cero; azul tenue: solo la mediana (por 1% o más); rojo intenso y tenue, igual por encima de cero; gris: un cambio mediano menor de 1%.`,
    differenceAxis: (B: BaseNames) => `Cambio en homicidios vs ${B.noun}`,
    states: 'Por estado',
    statesIntro:
      'Cada cuadro es un estado, colocado aproximadamente donde está en el mapa. Las tasas usan la población de 2020 (CONAPO). Los cambios por estado comparan medianas, no corridas pareadas.',
    rateMap: (t: string | number, B: BaseNames) =>
      `Homicidios por 100 mil habitantes en ${t} con ${B.noun} (mediana)`,
    changeMap: (t: string | number, name: string, B: BaseNames) =>
      `${name}: cambio en la mediana de homicidios por estado en ${t} respecto ${B.a}`,
    rateLegend: 'Homicidios por 100 mil',
    changeLegend: 'Cambio en la mediana de homicidios',
    topStates: (t: string | number, B: BaseNames) =>
      `Los 10 estados con más homicidios en ${t} con ${B.noun}`,
    state: 'Estado',
    homicides: 'Homicidios (mediana, intervalo de 90%)',
    rate: 'Por 100 mil',
    under: (name: string) => `Con ${name}`,
    change: 'Cambio',
    method: 'Método y supuestos',
    model: [
      'Atalaya amplía el modelo de reclutamiento y conflicto de Prieto-Curiel, Campedelli y Hope (2023, Science 381:1312–1316): los grupos criminales reclutan, pierden integrantes por encarcelamiento y por el conflicto con grupos rivales, y se saturan. La ampliación añade niveles de organización, choques de liderazgo (capturas, escisiones y sucesiones), territorio por estado, la economía criminal (extorsión), armas de fuego, el mercado de drogas (muertes por sobredosis en EE. UU. e inspecciones fronterizas) y la cooperación en seguridad entre México y EE. UU.',
      'Cada corrida toma los parámetros inciertos de sus rangos y simula todos los escenarios con los mismos valores y las mismas secuencias aleatorias, de modo que las diferencias entre escenarios son el efecto de las políticas y no ruido de muestreo.',
      'Los parámetros que se basan en un juicio y no en una estimación publicada están marcados como ASSUMPTION y se listan, con sus rangos y fuentes, en docs/MODEL.md.',
    ],
    calibration: 'Calibración de los homicidios',
    calibrationIntro: (runs: string, years: string) =>
      `En cada corrida, los homicidios nacionales se ajustan a los certificados de defunción del INEGI ${years} como homicidios fuera de los grupos + κ × muertes por conflicto + un legado decreciente de la escalada de 2008–2011. Mediana e intervalo de 90% en ${runs} corridas:`,
    calNonCartel: 'Homicidios fuera de los grupos (h), por 100 mil por año',
    calKappa: 'Homicidios registrados por muerte en conflicto (κ)',
    calLegacy: 'Homicidios del legado al inicio de 2012 (L₀), por año',
    calLegacyYears: 'Tiempo de disipación del legado (τ), años',
    calMape: 'Error porcentual absoluto medio del ajuste',
    quantity: 'Cantidad',
    median: 'Mediana',
    interval: 'Intervalo de 90%',
    sources: 'Fuentes',
    observedSource: (years: string) =>
      `Homicidios observados: INEGI, Estadísticas de Defunciones Registradas (certificados de defunción, homicidios por año de ocurrencia), ${years}.`,
    warnings: 'Advertencias de la simulación',
    similar: (n: number) => `(y ${n} similares)`,
    generated: (date: string) => `Generado por Atalaya el ${date}.`,
    notForecast: 'Resultados de un modelo bajo supuestos explícitos, no pronósticos.',
  },
} as const;

type Text = (typeof TEXT)['en' | 'es'];

const CSS = `
.source{font-size:.85rem;color:var(--muted)}
.findings{font-size:1.08rem;padding-left:1.2em}
.findings li{margin:0 0 10px}
thead th small{display:block;font-weight:400;color:var(--muted)}
tbody th{font-weight:600;max-width:260px}
tr.base{background:var(--soft)}
.tag{display:inline-block;font-size:.7rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border:1px solid var(--line);border-radius:3px;padding:0 4px;margin-left:4px}
.v{display:block;font-weight:600}
.d{display:inline-block;margin-top:2px;padding:0 4px;border-radius:3px;white-space:nowrap}
.ci{display:block;font-size:.78rem;color:var(--muted);white-space:nowrap}
.d.lower-strong{background:var(--blue);color:#fff}
.d.lower{background:#dbe7f4;color:#0b3a6e}
.d.higher-strong{background:var(--red);color:#fff}
.d.higher{background:#f6dcd8;color:#7a0e1b}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:14px 18px}
.panels figure{border-top:1px solid var(--line);padding-top:6px}
.panels figcaption{min-height:2.6em}
.panels figcaption strong{display:block;color:var(--ink);font-size:.9rem;line-height:1.25}
.maps figure{flex:0 1 560px}
details.scenarios{margin:12px 0;font-size:.9rem}
details.scenarios summary{cursor:pointer;font-weight:600}
details.scenarios dt{font-weight:600;margin-top:8px}
details.scenarios dd{margin:0 0 0 1em;color:var(--muted)}
dl.cal{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}
.warnings{font-size:.85rem;color:#6b4a00;background:#fff8e1;border:1px solid #f0d68a;padding:8px 14px 8px 28px}
@media print{h2{break-before:auto}figure,tr{break-inside:avoid}.how{border-left-color:#000}}
`;

function whole(v: number, locale: Locale): string {
  return Math.round(v).toLocaleString(locale === 'es' ? 'es-MX' : 'en-US');
}

/** Decimal year at which a scenario's policy starts, drawn between the last pre-policy period and the first. */
function policyStart(s: ScenarioSummary, resolution: Summary['resolution']): number | undefined {
  const m = /^(\d{4})-(\d{2})/.exec(s.start);
  if (!m) return undefined;
  const t = Number(m[1]) + (Number(m[2]) - 1) / 12;
  return resolution === 'year' ? t - 0.5 : t;
}

function cueClass(d: { p05: number; p50: number; p95: number }): string {
  if (d.p95 <= -EXCLUDES_ZERO) return 'lower-strong';
  if (d.p05 >= EXCLUDES_ZERO) return 'higher-strong';
  if (d.p50 <= -SMALL_CHANGE) return 'lower';
  if (d.p50 >= SMALL_CHANGE) return 'higher';
  return '';
}

interface Ctx {
  summary: Summary;
  locale: Locale;
  T: Text;
  doc: Document;
  horizon: Horizon | undefined;
  base: ScenarioSummary | undefined;
  B: BaseNames;
  ordered: ScenarioSummary[];
  observed: { year: number; value: number }[];
}

export function renderHtmlReport(summary: Summary, options: HtmlReportOptions = {}): string {
  const locale: Locale = options.locale === 'es' ? 'es' : 'en';
  const T = TEXT[locale];
  const base = baselineOf(summary);
  const ctx: Ctx = {
    summary,
    locale,
    T,
    doc: createDocument(),
    horizon: reportHorizon(summary),
    base,
    B: baseNames(base, locale),
    ordered: rankScenarios(summary),
    observed: options.observed ?? homicideHistory(),
  };
  const title = options.title ?? T.title;
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const sections = [
    renderFindings(ctx),
    renderTable(ctx),
    renderFans(ctx),
    renderDifference(ctx),
    renderStates(ctx),
    renderMethod(ctx),
  ].filter((s) => s.html);
  const date = formatDate(generatedAt, locale);
  return renderPage({
    locale,
    title,
    css: CSS,
    header: renderHeader(ctx, title, date),
    navLabel: T.nav,
    sections,
    footer: `${T.generated(date)} ${T.notForecast}`,
  });
}

type Section = PageSection;

function section(id: string, title: string, body: string): Section {
  return {
    id,
    title,
    html: `<section id="${id}" aria-labelledby="${id}-h">\n<h2 id="${id}-h">${escapeHtml(title)}</h2>\n${body}\n</section>`,
  };
}

function renderHeader(ctx: Ctx, title: string, date: string): string {
  const { summary, T, locale } = ctx;
  const first = ctx.base ?? summary.scenarios[0];
  const startYear = first ? Number(first.start.slice(0, 4)) : undefined;
  const period = first && startYear ? `${startYear}–${startYear + first.years - 1}` : '';
  const meta = [
    period ? `<li>${escapeHtml(T.period)}: <strong>${escapeHtml(period)}</strong></li>` : '',
    `<li>${escapeHtml(T.runs(whole(summary.runs, locale), String(summary.seed)))}</li>`,
    `<li>${escapeHtml(T.resolution[summary.resolution] ?? summary.resolution)}</li>`,
    `<li>${escapeHtml(date)}</li>`,
  ].join('');
  return [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${escapeHtml(T.subtitle)}</p>`,
    `<ul class="meta">${meta}</ul>`,
    `<p class="source">${escapeHtml(T.groupsData)}: ${escapeHtml(summary.source.description)}</p>`,
    `<section class="how" aria-labelledby="how-h"><h2 id="how-h">${escapeHtml(T.howTitle)}</h2><p>${escapeHtml(T.how(ctx.B))}</p></section>`,
    '</header>',
  ].join('\n');
}

function renderFindings(ctx: Ctx): Section {
  const { T, horizon } = ctx;
  // Observed values are yearly: quote them only next to yearly results.
  const observed = ctx.summary.resolution === 'year' ? ctx.observed : undefined;
  const items = keyFindings(ctx.summary, { locale: ctx.locale, observed });
  const note = horizon ? `<p class="note">${escapeHtml(T.findingsNote(horizon.t, horizon.years))}</p>` : '';
  return section(
    'findings',
    T.findings,
    `${note}<ul class="findings">${items.map((f) => `<li>${f.html}</li>`).join('')}</ul>`,
  );
}

function unitNote(id: MetricId, T: Text, resolution: Summary['resolution']): string {
  const spec = METRICS[id];
  if (spec.kind === 'flow') return resolution === 'year' ? T.perYear : T.perPeriod;
  if (spec.kind === 'stock') return T.endOfYear;
  return id === 'homicideRate' ? '' : T.average;
}

function renderTable(ctx: Ctx): Section {
  const { summary, T, locale, horizon, base } = ctx;
  if (!horizon) return { id: 'table', title: T.table, html: '' };
  const t = horizon.t;
  const metrics = TABLE_METRICS.filter((id) => summary.scenarios.some((s) => s.metrics[id]));
  const head = metrics
    .map((id) => {
      const unit = unitNote(id, T, summary.resolution);
      return `<th scope="col">${escapeHtml(METRICS[id].label[locale])}${unit ? `<small>${escapeHtml(unit)}</small>` : ''}</th>`;
    })
    .join('');
  const rows = ctx.ordered.map((s) => {
    const isBase = s === base;
    const cells = metrics.map((id) => {
      const v = valueAt(s, id, t);
      if (!v) return `<td><span class="ci">${escapeHtml(T.noData)}</span></td>`;
      const value = `<span class="v">${escapeHtml(formatMetric(id, v.p50, locale))}</span>`;
      if (isBase) return `<td>${value}</td>`;
      const d = diffAt(s, id, t);
      if (!d) return `<td>${value}</td>`;
      if (!relativeIsDefined(base, id, t, d)) {
        // The baseline is 0 here (e.g. no inspection cost under the status quo): show the absolute change.
        if (d.absolute === 0) return `<td>${value}</td>`;
        const sign = d.absolute > 0 ? '+' : '−';
        return `<td>${value}<span class="d">${escapeHtml(sign + formatMetric(id, Math.abs(d.absolute), locale))}</span></td>`;
      }
      const violence = VIOLENCE_METRICS.has(id);
      const cls = violence ? cueClass(d) : '';
      const change = `<span class="d${cls ? ` ${cls}` : ''}">${escapeHtml(pct(d.p50, locale))}</span>`;
      const ci =
        id === 'homicides' || id === 'homicideRate'
          ? `<span class="ci">[${escapeHtml(pct(d.p05, locale))}, ${escapeHtml(pct(d.p95, locale))}]${
              id === 'homicides'
                ? ` P(${locale === 'es' ? 'menor' : 'lower'}) ${escapeHtml(share(d.probLower, locale))}`
                : ''
            }</span>`
          : '';
      return `<td>${value}${change}${ci}</td>`;
    });
    const name = `${escapeHtml(scenarioTitle(s, locale))}${isBase ? `<span class="tag">${escapeHtml(T.baselineTag)}</span>` : ''}`;
    const desc = s.description ? ` title="${escapeHtml(s.description)}"` : '';
    return `<tr${isBase ? ' class="base"' : ''}><th scope="row"${desc}>${name}</th>${cells.join('')}</tr>`;
  });
  const html = [
    '<div class="scroll">',
    `<table><caption>${escapeHtml(T.tableCaption(t, ctx.B))}</caption>`,
    `<thead><tr><th scope="col">${escapeHtml(T.scenario)}</th>${head}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</div>',
    `<p class="note">${escapeHtml(T.cueLegend)}</p>`,
    renderDescriptions(ctx),
  ].join('\n');
  return section('table', T.table, html);
}

/** What each scenario assumes, folded (works without script). */
function renderDescriptions(ctx: Ctx): string {
  const items = ctx.ordered.filter((s) => s.description);
  if (items.length === 0) return '';
  const rows = items
    .map((s) => `<dt>${escapeHtml(scenarioTitle(s, ctx.locale))}</dt><dd>${escapeHtml(s.description!)}</dd>`)
    .join('');
  return `<details class="scenarios"><summary>${escapeHtml(ctx.T.descriptions)}</summary><dl>${rows}</dl></details>`;
}

function renderFans(ctx: Ctx): Section {
  const { summary, T, locale, horizon, base } = ctx;
  const metrics = FAN_METRICS.filter((id) =>
    summary.scenarios.some((s) => (s.metrics[id]?.series.length ?? 0) > 0),
  );
  if (metrics.length === 0) return { id: 'fans', title: T.fans, html: '' };
  // Observed and filtered values are yearly: drawn only next to yearly results.
  const showObserved = summary.resolution === 'year' && ctx.observed.length > 0;
  const history = summary.resolution === 'year' ? summary.history : undefined;
  const H = HISTORY_TEXT[locale];
  const legend = [
    `<span>${swatch('median')}${escapeHtml(T.legendMedian)}</span>`,
    `<span>${swatch('band50')}${escapeHtml(T.legend50)}</span>`,
    `<span>${swatch('band90')}${escapeHtml(T.legend90)}</span>`,
    base ? `<span>${swatch('base')}${escapeHtml(T.legendBase(ctx.B))}</span>` : '',
    history
      ? `<span>${swatch('historyObserved')}${escapeHtml(H.observed)}</span><span>${swatch('historyBand')}${escapeHtml(H.filtered)}</span>`
      : showObserved
        ? `<span>${swatch('observed')}${escapeHtml(T.legendObserved)}</span>`
        : '',
    `<span>${swatch('start')}${escapeHtml(T.legendStart)}</span>`,
  ].join('');
  const parts: string[] = [
    `<p>${escapeHtml(T.fansIntro(ctx.B))}</p>`,
    `<div class="legend-row">${legend}</div>`,
  ];
  for (const id of metrics) {
    const scenarios = ctx.ordered.filter((s) => (s.metrics[id]?.series.length ?? 0) > 0);
    const panelHistory = id === 'homicides' ? history : undefined;
    // The history's own observed years replace the built-in INEGI dots of the same years.
    const historyYears = new Set(panelHistory?.observed.map((o) => o.t));
    const observed =
      id === 'homicides' && showObserved ? ctx.observed.filter((o) => !historyYears.has(o.year)) : [];
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = 0;
    let y0 = 0;
    for (const s of scenarios) {
      for (const p of s.metrics[id]!.series) {
        const x = timeOf(p.t);
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, p.p95);
        y0 = Math.min(y0, p.p05);
      }
    }
    if (panelHistory) {
      // The panel reaches back to the first observed year, however late the projections start.
      for (const o of panelHistory.observed) x0 = Math.min(x0, o.t);
      y1 = Math.max(y1, historyMax(panelHistory, x0, x1));
    }
    for (const o of observed) if (o.year >= x0 && o.year <= x1) y1 = Math.max(y1, o.value);
    const yDomain: [number, number] = [y0, y1 > y0 ? y1 * 1.04 : y0 + 1];
    const reference = base?.metrics[id]?.series;
    const label = METRICS[id].label[locale];
    const unit = unitNote(id, T, summary.resolution);
    const panels = scenarios.map((s) => {
      const name = scenarioTitle(s, locale);
      const svg = fanChart(
        {
          series: s.metrics[id]!.series,
          reference: s === base ? undefined : reference,
          observed,
          history: panelHistory,
          start: policyStart(s, summary.resolution),
        },
        { doc: ctx.doc, locale, xDomain: [x0, x1], yDomain, ariaLabel: `${label}: ${name}` },
      );
      let detail = '';
      if (horizon) {
        const v = valueAt(s, id, horizon.t);
        const d = diffAt(s, id, horizon.t);
        if (v) {
          detail = `${horizon.t}: ${formatMetric(id, v.p50, locale)}`;
          if (d && s !== base && relativeIsDefined(base, id, horizon.t, d))
            detail += ` (${pct(d.p50, locale)})`;
        }
      }
      return `<figure class="fan fan-${id}"><figcaption><strong>${escapeHtml(name)}</strong>${escapeHtml(detail)}</figcaption>${svg}</figure>`;
    });
    parts.push(
      `<h3 id="fan-${id}">${escapeHtml(label)}${unit ? ` <small class="note">(${escapeHtml(unit)})</small>` : ''}</h3>`,
    );
    if (panelHistory) {
      parts.push(
        `<p class="note history">${escapeHtml(H.caption(panelHistory.release, panelHistory.through))}</p>`,
      );
    }
    parts.push(`<div class="panels">${panels.join('\n')}</div>`);
  }
  return section('fans', T.fans, parts.join('\n'));
}

function renderDifference(ctx: Ctx): Section {
  const { T, locale, horizon, base } = ctx;
  if (!horizon || !base) return { id: 'difference', title: T.difference, html: '' };
  const rows: DifferenceRow[] = ctx.ordered.flatMap((s) => {
    const d = s === base ? undefined : diffAt(s, 'homicides', horizon.t);
    return d && Number.isFinite(d.p50)
      ? [{ key: s.id, label: scenarioTitle(s, locale), p05: d.p05, p50: d.p50, p95: d.p95 }]
      : [];
  });
  if (rows.length === 0) return { id: 'difference', title: T.difference, html: '' };
  const svg = differenceChart(rows, {
    doc: ctx.doc,
    locale,
    ariaLabel: T.differenceCaption(horizon.t, ctx.B),
    xLabel: T.differenceAxis(ctx.B),
  });
  return section(
    'difference',
    T.difference,
    `<figure class="wide"><figcaption>${escapeHtml(T.differenceCaption(horizon.t, ctx.B))}</figcaption>${svg}</figure>`,
  );
}

/** Legend ticks of the rate map: round numbers, denser at the low end like the square-root scale. */
function rateTicks(max: number): number[] {
  const ticks = [0, 10, 25, 50, 100, 200, 400].filter((t) => t < max * 0.9);
  return [...ticks, max];
}

function homicidesAt(
  areas: AreaSummary[] | undefined,
  t: string | number,
): Map<string, { p05: number; p50: number; p95: number }> {
  const out = new Map<string, { p05: number; p50: number; p95: number }>();
  for (const a of areas ?? []) {
    const h = a.homicides.find((x) => x.t === t);
    if (h) out.set(a.id, h);
  }
  return out;
}

function renderStates(ctx: Ctx): Section {
  const { T, locale, horizon, base } = ctx;
  const empty = { id: 'states', title: T.states, html: '' };
  if (!horizon || !base?.areas?.length) return empty;
  const t = horizon.t;
  const baseH = homicidesAt(base.areas, t);
  if (baseH.size === 0) return empty;
  const population = new Map(STATES.map((s) => [s.code, s.population2020]));
  const stateName = new Map(STATES.map((s) => [s.code, s.name]));
  const rate = (code: string, v: number) => {
    const p = population.get(code);
    return p ? (v / p) * 1e5 : Number.NaN;
  };
  const fmtRate = (v: number) => formatMetric('homicideRate', v, locale);
  const parts: string[] = [`<p>${escapeHtml(T.statesIntro)}</p>`, '<div class="maps">'];

  // Status-quo rates.
  const rates = [...baseH].map(([code, h]) => ({ code, value: rate(code, h.p50) }));
  const rateMax = niceCeil(Math.max(...rates.map((r) => r.value).filter(Number.isFinite)), 10);
  // Square-root scale: one state far above the rest (e.g. Sinaloa) would otherwise wash out the others.
  const rateColor = colorScale({ type: 'sqrt', scheme: 'orrd', domain: [0, rateMax] });
  const rateTitle = T.rateMap(t, ctx.B);
  parts.push(
    `<figure><figcaption>${escapeHtml(rateTitle)}</figcaption>${tileMap({
      values: rates.map((r) => ({
        code: r.code,
        value: r.value,
        label: fmtRate(r.value),
        title: `${stateName.get(r.code) ?? r.code}: ${fmtRate(r.value)}`,
      })),
      color: rateColor,
      ariaLabel: rateTitle,
    })}${colorLegend({ color: rateColor, domain: [0, rateMax], format: (v) => whole(v, locale), label: T.rateLegend, ticks: rateTicks(rateMax), sqrt: true })}</figure>`,
  );

  // Change maps: the scenario that lowers national homicides most, and the one that raises them most.
  const ranked = ctx.ordered.filter((s) => s !== base && s.areas?.length && diffAt(s, 'homicides', t));
  const best = ranked[0];
  const worst = ranked.length > 1 ? ranked.at(-1) : undefined;
  const picks = [
    best,
    worst && (diffAt(worst, 'homicides', t)?.p50 ?? 0) >= SMALL_CHANGE ? worst : undefined,
  ].filter((s): s is ScenarioSummary => s !== undefined);
  const changes = picks.map((s) => {
    const h = homicidesAt(s.areas, t);
    return {
      s,
      values: [...h].flatMap(([code, v]) => {
        const b = baseH.get(code);
        return b && b.p50 > 0 ? [{ code, value: v.p50 / b.p50 - 1, median: v.p50 }] : [];
      }),
    };
  });
  const maxAbs = Math.max(0.05, ...changes.flatMap((c) => c.values.map((v) => Math.abs(v.value))));
  const m = niceCeil(Math.min(maxAbs, 1), 0.05);
  const changeColor = changeColorScale(m);
  for (const { s, values } of changes) {
    const name = scenarioTitle(s, locale);
    const caption = T.changeMap(t, name, ctx.B);
    parts.push(
      `<figure><figcaption>${escapeHtml(caption)}</figcaption>${tileMap({
        values: values.map((v) => ({
          code: v.code,
          value: v.value,
          label: pct(v.value, locale),
          title: `${stateName.get(v.code) ?? v.code}: ${formatMetric('homicides', v.median, locale)} (${pct(v.value, locale)})`,
        })),
        color: changeColor,
        ariaLabel: caption,
      })}${colorLegend({ color: changeColor, domain: [-m, m], format: (v) => percent(v, locale), label: T.changeLegend, ticks: [-m, 0, m] })}</figure>`,
    );
  }
  parts.push('</div>');

  // Top 10 states under the baseline.
  const top = [...baseH].sort((a, b) => b[1].p50 - a[1].p50 || a[0].localeCompare(b[0])).slice(0, 10);
  const bestH = best ? homicidesAt(best.areas, t) : undefined;
  const bestName = best ? scenarioTitle(best, locale) : '';
  const fmt = (v: number) => formatMetric('homicides', v, locale);
  const rows = top.map(([code, h]) => {
    const b = bestH?.get(code);
    const extra = b
      ? `<td>${escapeHtml(fmt(b.p50))}</td><td>${escapeHtml(h.p50 > 0 ? pct(b.p50 / h.p50 - 1, locale) : '–')}</td>`
      : '';
    const name = base.areas?.find((a) => a.id === code)?.name ?? stateName.get(code) ?? code;
    return `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(fmt(h.p50))} <span class="ci">[${escapeHtml(fmt(h.p05))}–${escapeHtml(fmt(h.p95))}]</span></td><td>${escapeHtml(fmtRate(rate(code, h.p50)))}</td>${extra}</tr>`;
  });
  const extraHead = best
    ? `<th scope="col">${escapeHtml(T.under(bestName))}</th><th scope="col">${escapeHtml(T.change)}</th>`
    : '';
  parts.push(
    '<div class="scroll">',
    `<table class="top"><caption>${escapeHtml(T.topStates(t, ctx.B))}</caption>`,
    `<thead><tr><th scope="col">${escapeHtml(T.state)}</th><th scope="col">${escapeHtml(T.homicides)}</th><th scope="col">${escapeHtml(T.rate)}</th>${extraHead}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</div>',
  );
  return section('states', T.states, parts.join('\n'));
}

function renderMethod(ctx: Ctx): Section {
  const { summary, T, locale } = ctx;
  const cal = summary.calibration;
  const years = ctx.observed.length > 0 ? `${ctx.observed[0].year}–${ctx.observed.at(-1)!.year}` : '';
  const num = (v: number, digits: number) =>
    Number.isFinite(v)
      ? v.toLocaleString(locale === 'es' ? 'es-MX' : 'en-US', {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        })
      : '–';
  const rows: [string, [number, number, number], (v: number) => string][] = [
    [T.calNonCartel, cal.nonCartelRate, (v) => num(v, 1)],
    [T.calKappa, cal.perConflictDeath, (v) => num(v, 2)],
    [T.calLegacy, cal.legacy, (v) => formatMetric('homicides', v, locale)],
    [T.calLegacyYears, cal.legacyYears, (v) => num(v, 1)],
    [T.calMape, cal.mape, (v) => percent(v, locale, 1).replace(/^[+−]/, '')],
  ];
  const calTable = [
    '<div class="scroll">',
    `<table class="cal"><caption>${escapeHtml(T.calibrationIntro(whole(cal.runs, locale), years))}</caption>`,
    `<thead><tr><th scope="col">${escapeHtml(T.quantity)}</th><th scope="col">${escapeHtml(T.median)}</th><th scope="col">${escapeHtml(T.interval)}</th></tr></thead>`,
    `<tbody>${rows
      .map(
        ([label, q, f]) =>
          `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(f(q[1]))}</td><td>${escapeHtml(`${f(q[0])}–${f(q[2])}`)}</td></tr>`,
      )
      .join('')}</tbody></table>`,
    '</div>',
  ].join('\n');
  // Warnings that differ only in their numbers are shown once, with a count.
  const groups = new Map<string, { first: string; n: number }>();
  for (const w of summary.warnings) {
    const key = w.replace(/\d+(\.\d+)?/g, '#');
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { first: w, n: 1 });
  }
  const warnings =
    groups.size > 0
      ? `<h3>${escapeHtml(T.warnings)}</h3><ul class="warnings">${[...groups.values()]
          .map(
            ({ first, n }) =>
              `<li>${escapeHtml(first)}${n > 1 ? ` ${escapeHtml(T.similar(n - 1))}` : ''}</li>`,
          )
          .join('')}</ul>`
      : '';
  const html = [
    ...T.model.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<h3>${escapeHtml(T.calibration)}</h3>`,
    calTable,
    `<h3>${escapeHtml(T.sources)}</h3>`,
    `<p class="source">${escapeHtml(T.groupsData)}: ${escapeHtml(summary.source.description)}. ${escapeHtml(summary.source.citation)}</p>`,
    years ? `<p class="source">${escapeHtml(T.observedSource(years))}</p>` : '',
    warnings,
  ].join('\n');
  return section('method', T.method, html);
}
