/**
 * The training design of Atalaya's negative binomial forecast for a slice of municipalities, as used by
 * bench/forecast.ts and test/forecast/negbin-statsmodels.test.ts to compare `fitNegBin` with statsmodels
 * (bench/forecast-peer.py reads the CSV written here).
 *
 * The design is the one `runModel('negbin', …)` fits for horizon h: `prepareData` cuts the series at
 * `asOf`, `featureBase` + `trainingDesign` build every municipality's rows for the last `window` origins
 * (`trainingOrigins`), and only then are the rows of the slice kept, so that the neighbours' features
 * of border municipalities still see the municipalities outside the slice.
 *
 * Command line (reads the imported cache in ATALAYA_HOME; the CSV holds counts derived from the official
 * files: write it outside the repository):
 *   npx tsx bench/forecast-design.ts --out "$TMPDIR/design.csv" \
 *     [--states 08,25] [--as-of 2018-12] [--h 1] [--window 60] [--series inegi.homicides]
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { atalayaHome } from '../src/data/locate.js';
import { readPanel } from '../src/data/panel/cache.js';
import type { Panel } from '../src/data/panel/panel.js';
import { monthOf, prepareData } from '../src/forecast/data.js';
import { FEATURE_NAMES, featureBase, P, trainingDesign } from '../src/forecast/features.js';
import { trainingOrigins } from '../src/forecast/models.js';

export interface Slice {
  series?: string;
  /** 2-digit state prefixes of the municipality codes to keep; all municipalities when absent. */
  states?: string[];
  /** Forecast origin YYYY-MM (default: the series' last complete month). */
  asOf?: string;
  h: number;
  /** Training origins (default 60, as `runModel`). */
  window?: number;
}

export interface SliceDesign {
  names: string[];
  /** Row-major n × p, column 0 the constant. */
  X: Float64Array;
  y: Float64Array;
  n: number;
  p: number;
  /** Municipalities of the slice, and the months of the first and last training origins. */
  areas: string[];
  asOf: string;
  origins: [string, string];
}

export function sliceDesign(panel: Panel, slice: Slice): SliceDesign {
  const data = prepareData(panel, { series: slice.series ?? 'inegi.homicides', asOf: slice.asOf });
  const base = featureBase(data);
  const [first, last] = trainingOrigins(data, slice.h, slice.window ?? 60);
  const full = trainingDesign(base, slice.h, first, last);
  const states = slice.states ? new Set(slice.states) : undefined;
  const keep = data.areas.map((a) => !states || states.has(a.slice(0, 2)));
  const areas = data.areas.filter((_, i) => keep[i]);
  const nAreas = data.areas.length;
  const n = areas.length * (last - first + 1);
  const X = new Float64Array(n * P);
  const y = new Float64Array(n);
  // trainingDesign's rows: origin-major, then area in `data.areas` order.
  let row = 0;
  for (let r = 0; r < full.y.length; r++) {
    if (!keep[r % nAreas]) continue;
    X.set(full.X.subarray(r * P, (r + 1) * P), row * P);
    y[row++] = full.y[r];
  }
  if (row !== n) throw new Error(`slice has ${row} rows, expected ${n}`);
  return {
    names: [...FEATURE_NAMES],
    X,
    y,
    n,
    p: P,
    areas,
    asOf: monthOf(data, data.months - 1),
    origins: [monthOf(data, first), monthOf(data, last)],
  };
}

/** Columns that are constant over the rows (other than the intercept): the design would be singular. */
export function constantColumns(d: SliceDesign): string[] {
  const out: string[] = [];
  for (let j = 1; j < d.p; j++) {
    let same = true;
    for (let i = 1; i < d.n && same; i++) same = d.X[i * d.p + j] === d.X[j];
    if (same) out.push(d.names[j]);
  }
  return out;
}

/** CSV with a header (feature names, then y); numbers in shortest round-trip form, so exact. */
export function designCsv(d: SliceDesign): string {
  const lines = [[...d.names, 'y'].join(',')];
  for (let i = 0; i < d.n; i++) {
    const cells: string[] = [];
    for (let j = 0; j < d.p; j++) cells.push(String(d.X[i * d.p + j]));
    cells.push(String(d.y[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function writeDesignCsv(file: string, d: SliceDesign): void {
  writeFileSync(file, designCsv(d));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      states: { type: 'string' },
      'as-of': { type: 'string' },
      h: { type: 'string', default: '1' },
      window: { type: 'string', default: '60' },
      series: { type: 'string', default: 'inegi.homicides' },
    },
  });
  if (!values.out) throw new Error('--out FILE is required');
  const { panel } = readPanel(atalayaHome());
  const d = sliceDesign(panel, {
    series: values.series,
    states: values.states?.split(','),
    asOf: values['as-of'],
    h: Number(values.h),
    window: Number(values.window),
  });
  const constant = constantColumns(d);
  if (constant.length > 0) throw new Error(`constant columns in the slice: ${constant.join(', ')}`);
  writeDesignCsv(values.out, d);
  console.error(
    `${d.n} rows × ${d.p} columns, ${d.areas.length} municipalities, origins ${d.origins[0]}..${d.origins[1]} → ${values.out}`,
  );
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
