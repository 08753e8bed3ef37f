import { describe, expect, it } from 'vitest';
import type { Driver } from '../../src/forecast/answers.js';
import { driverText } from '../../src/forecast/driver-text.js';

const DRIVERS: Driver[] = [
  { kind: 'level', perMonth: 41.25 },
  { kind: 'change', trend: -0.234, factor: Math.exp(-0.15) },
  { kind: 'change', trend: 0.31 },
  { kind: 'neighbours', factor: 1.5 },
  { kind: 'season', factor: 0.8 },
  { kind: 'contested', border: true, group: 'A', rival: 'B' },
  { kind: 'escalation', probability: 0.237, multiple: 2 },
];

describe('hot-spot drivers in words', () => {
  it('English (the CLI and the JSON)', () => {
    expect(DRIVERS.map((d) => driverText(d))).toEqual([
      'level: 41.3 a month over the last 12 months',
      'last 3 months −23% vs the 12-month mean (×0.86 on the forecast)',
      'last 3 months +31% vs the 12-month mean',
      'high counts next door (×1.50 vs average adjacent municipalities)',
      'same month last year lower than the level (×0.80)',
      'contested (border): A vs B',
      'escalation risk 24% (×2 its 12-month mean)',
    ]);
  });

  it('Spanish (the dashboard), with Mexican number formatting', () => {
    expect(DRIVERS.map((d) => driverText(d, 'es'))).toEqual([
      'nivel: 41.3 al mes en los últimos 12 meses',
      'últimos 3 meses −23% frente a la media de 12 meses (×0.86 en el pronóstico)',
      'últimos 3 meses +31% frente a la media de 12 meses',
      'conteos altos en municipios vecinos (×1.50 frente a vecinos promedio)',
      'el mismo mes del año anterior, más bajo que el nivel (×0.80)',
      'en disputa (frontera): A contra B',
      'riesgo de escalada 24% (×2 su media de 12 meses)',
    ]);
  });
});
