import * as Plot from '@observablehq/plot';

/**
 * The map's colour scale: square-root, "orrd" (as the reports' rate maps), saturating at the 98th
 * percentile so that one small municipality with an extreme rate does not wash out the rest.
 */
export const NO_DATA_FILL = '#d9d9d9';

export interface ColorScale {
  fill(value: number | undefined): string;
  legend(label: string): Node;
}

export function colorScale(values: Iterable<number>): ColorScale {
  const sorted = [...values].filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  const top = sorted.length > 0 ? sorted[Math.floor(0.98 * (sorted.length - 1))] : 1;
  const options: Plot.ScaleOptions = { type: 'sqrt', scheme: 'orrd', domain: [0, top || 1], clamp: true };
  const scale = Plot.scale({ color: options });
  return {
    fill: (v) => (v === undefined || !Number.isFinite(v) ? NO_DATA_FILL : String(scale.apply(v))),
    legend: (label) => Plot.legend({ color: { ...options, label }, width: 320 }) as Node,
  };
}
