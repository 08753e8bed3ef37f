import { monthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { type Place, placeSeries } from './measure.js';
import { DESTINATIONS, HOMICIDE } from './reclassification.js';
import { mad, median } from './robust.js';

/**
 * Months in which a category's share of the violent-death categories jumps and stays: among intentional
 * homicide, feminicide, negligent homicide and other crimes against life (SESNSP victims), a category's
 * monthly share is compared with its previous 12 months; a jump is more than 4 robust standard deviations
 * (1.4826 × MAD) and more than 2 percentage points from their median, and the median of that month and the
 * next two is shifted the same way by as much (a persistent change, not a spike). Only the first month of
 * a run is reported. A lasting shift of share between categories is what a change in how deaths are
 * classified would look like; it is a place to look, not proof.
 */
export const SHARE_CATEGORIES = [
  HOMICIDE,
  ...DESTINATIONS.filter((d) => d.id.startsWith('sesnsp.')).map((d) => d.id),
];

export interface ShareJump {
  place: string;
  name: string;
  category: string;
  month: string;
  share: number;
  baseline: number;
  z: number;
}

export function shareJumps(panel: Panel, options: { places?: Place[] } = {}): ShareJump[] {
  const places = options.places ?? [
    { code: '00', name: 'Nacional' },
    ...STATES.map((s) => ({ code: s.code, name: s.name })),
  ];
  const out: ShareJump[] = [];
  for (const place of places) {
    const parts = SHARE_CATEGORIES.map((id) => placeSeries(panel, id, place));
    const start = Math.max(...parts.map((p) => p.series.start));
    const end = Math.min(...parts.map((p) => p.series.start + p.series.months));
    const incomplete = new Set(parts.flatMap((p) => p.series.meta.incompleteMonths ?? []));
    const shares = SHARE_CATEGORIES.map(() => [] as number[]);
    const monthsUsed: number[] = [];
    for (let m = start; m < end; m++) {
      if (incomplete.has(monthLabel(m))) continue;
      const v = parts.map((p) => p.values[m - p.series.start]);
      const total = v.reduce((a, b) => a + b, 0);
      if (!(total > 0)) continue;
      monthsUsed.push(m);
      for (let c = 0; c < v.length; c++) shares[c].push(v[c] / total);
    }
    SHARE_CATEGORIES.forEach((id, c) => {
      const s = shares[c];
      let inRun = false;
      for (let k = 12; k + 2 < s.length; k++) {
        const window = s.slice(k - 12, k);
        const base = median(window);
        const spread = mad(window);
        const shifted = (x: number) =>
          Math.abs(x - base) > 0.02 &&
          Math.abs(x - base) > 4 * spread &&
          Math.sign(x - base) === Math.sign(s[k] - base);
        const jump = spread > 0 && shifted(s[k]) && shifted(median(s.slice(k, k + 3)));
        if (jump && !inRun) {
          out.push({
            place: place.code,
            name: place.name,
            category: id,
            month: monthLabel(monthsUsed[k]),
            share: s[k],
            baseline: base,
            z: (s[k] - base) / spread,
          });
        }
        inRun = jump;
      }
    });
  }
  return out.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
}
