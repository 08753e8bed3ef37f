import { describe, expect, it } from 'vitest';
import { resolvePlace } from '../../src/audit/measure.js';
import { daysIn, months, parseChange, parsePeriod, yearBefore } from '../../src/audit/periods.js';
import { mad, median, robustZ } from '../../src/audit/robust.js';
import { QueryError } from '../../src/data/errors.js';
import { monthIndex } from '../../src/data/panel/months.js';

describe('periods and changes', () => {
  it('reads months, years and ranges as inclusive month spans', () => {
    expect(parsePeriod('2024-09')).toEqual({
      first: monthIndex(2024, 9),
      last: monthIndex(2024, 9),
      label: '2024-09',
    });
    const y = parsePeriod('2024');
    expect(months(y)).toHaveLength(12);
    expect(y.label).toBe('2024');
    const r = parsePeriod('2024-11..2025-02');
    expect(months(r)).toEqual([
      monthIndex(2024, 11),
      monthIndex(2024, 12),
      monthIndex(2025, 1),
      monthIndex(2025, 2),
    ]);
    expect(parsePeriod('2023..2024').label).toBe('2023-01..2024-12');
  });

  it('shifts a period back one year for year-on-year comparisons', () => {
    expect(yearBefore(parsePeriod('2025-01..2025-06')).label).toBe('2024-01..2024-06');
    expect(yearBefore(parsePeriod('2025-03')).label).toBe('2024-03');
    expect(yearBefore(parsePeriod('2025')).label).toBe('2024');
  });

  it('counts days in months, leap years included', () => {
    expect(daysIn(monthIndex(2024, 2))).toBe(29);
    expect(daysIn(monthIndex(2025, 2))).toBe(28);
    expect(daysIn(monthIndex(2024, 9))).toBe(30);
    expect(daysIn(monthIndex(2025, 12))).toBe(31);
  });

  it('parses claimed changes in the forms people write them', () => {
    expect(parseChange('-25%')).toBeCloseTo(-0.25, 12);
    expect(parseChange('−32 %')).toBeCloseTo(-0.32, 12);
    expect(parseChange('-0.28')).toBeCloseTo(-0.28, 12);
    expect(parseChange('+10')).toBeCloseTo(0.1, 12);
  });

  it('rejects malformed periods, changes and places with the valid forms', () => {
    expect(() => parsePeriod('Sept 2024', '--from')).toThrow(
      /--from "Sept 2024" is not a period \(expected YYYY-MM/,
    );
    expect(() => parsePeriod('2024-13')).toThrow(QueryError);
    expect(() => parsePeriod('2025-06..2024-09')).toThrow(/ends before it starts/);
    expect(() => parseChange('a quarter')).toThrow(/not a number \(expected e\.g\. -25%/);
    expect(() => resolvePlace('Atlantis')).toThrow(
      /unknown state "Atlantis"; valid: national or 01 Aguascalientes/,
    );
    expect(resolvePlace('sinaloa')).toEqual({ code: '25', name: 'Sinaloa' });
    expect(resolvePlace('9')).toEqual({ code: '09', name: 'Ciudad de México' });
    expect(resolvePlace(undefined).code).toBe('00');
  });
});

describe('robust statistics', () => {
  it('median, MAD (normal-consistent) and robust z', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // |x − 3| = 2,1,0,1,2 → median 1 → 1.4826.
    expect(mad([1, 2, 3, 4, 5])).toBeCloseTo(1.4826, 12);
    expect(robustZ(9, [1, 2, 3, 4, 5])).toBeCloseTo(6 / 1.4826, 12);
    expect(robustZ(9, [2, 2, 2])).toBe(0);
  });
});
