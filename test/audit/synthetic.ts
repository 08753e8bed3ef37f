import { AreaRegistry } from '../../src/data/areas.js';
import { monthIndex } from '../../src/data/panel/months.js';
import { Panel } from '../../src/data/panel/panel.js';
import type { Series } from '../../src/data/panel/series.js';
import { STATES } from '../../src/data/states.js';

/**
 * A synthetic state panel for method tests: each series gives a value for (state code, month index);
 * every state is present so national aggregates work.
 */
export interface SyntheticSeries {
  id: string;
  vintage?: string;
  first: string;
  last: string;
  value: (state: string, month: number) => number;
  incomplete?: string[];
}

const month = (label: string) => monthIndex(Number(label.slice(0, 4)), Number(label.slice(5, 7)));

export function syntheticSeries(s: SyntheticSeries): Series {
  const start = month(s.first);
  const months = month(s.last) - start + 1;
  const areas = STATES.map((st) => st.code);
  const values = new Float64Array(areas.length * months);
  areas.forEach((a, i) => {
    for (let t = 0; t < months; t++) values[i * months + t] = s.value(a, start + t);
  });
  return {
    meta: {
      id: s.id,
      title: s.id,
      unit: 'victims',
      level: 'state',
      source: 'synthetic',
      file: 'synthetic.csv',
      vintage: s.vintage ?? s.last,
      format: 'synthetic',
      encoding: 'utf-8',
      rows: areas.length * months,
      incompleteMonths: s.incomplete ?? [],
      warnings: [],
    },
    areas,
    start,
    months,
    values,
  };
}

export function syntheticPanel(series: SyntheticSeries[]): Panel {
  return new Panel(series.map(syntheticSeries), AreaRegistry.states());
}

export { month };
