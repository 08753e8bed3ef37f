import * as Plot from '@observablehq/plot';

/**
 * The map's colour scales, one per kind of measure:
 * - `magnitude` (rates, expected rates): square-root "orrd", as the reports' rate maps, saturating at the
 *   98th percentile so that one small municipality with an extreme rate does not wash out the rest;
 * - `change` (differences): diverging "rdbu", reversed so that increases are red, symmetric about zero,
 *   saturating at the 98th percentile of the absolute change;
 * - `probability`: linear "purples" from 0 to the 98th percentile (probabilities of escalation are small).
 */
export type ScaleKind = 'magnitude' | 'change' | 'probability';

export const NO_DATA_FILL = '#d9d9d9';

export interface ColorScale {
  fill(value: number | undefined): string;
  legend(label: string): Node;
}

export function colorScale(values: Iterable<number>, kind: ScaleKind = 'magnitude'): ColorScale {
  const options = scaleOptions([...values].filter(Number.isFinite), kind);
  const scale = Plot.scale({ color: options });
  return {
    fill: (v) => (v === undefined || !Number.isFinite(v) ? NO_DATA_FILL : String(scale.apply(v))),
    legend: (label) =>
      Plot.legend({
        color: { ...options, label, tickFormat: kind === 'probability' ? '.0%' : undefined },
        width: 320,
      }) as Node,
  };
}

function scaleOptions(values: number[], kind: ScaleKind): Plot.ScaleOptions {
  if (kind === 'change') {
    const top = percentile98(values.map(Math.abs)) || 1;
    return { type: 'diverging', scheme: 'rdbu', reverse: true, pivot: 0, domain: [-top, top], clamp: true };
  }
  const top = percentile98(values.filter((v) => v > 0)) || 1;
  if (kind === 'probability') return { type: 'linear', scheme: 'purples', domain: [0, top], clamp: true };
  return { type: 'sqrt', scheme: 'orrd', domain: [0, top], clamp: true };
}

function percentile98(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor(0.98 * (sorted.length - 1))];
}
