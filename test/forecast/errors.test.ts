import { describe, expect, it } from 'vitest';
import { AreaRegistry } from '../../src/data/areas.js';
import { QueryError } from '../../src/data/errors.js';
import { monthIndex } from '../../src/data/panel/months.js';
import { Panel } from '../../src/data/panel/panel.js';
import type { Level, Series } from '../../src/data/panel/series.js';
import { backtest } from '../../src/forecast/backtest.js';
import { forecast } from '../../src/forecast/forecast.js';

/**
 * Requests a forecast cannot answer fail with a QueryError that names the bad value and what is valid.
 * A small synthetic municipal panel: 4 municipalities with population, monthly counts 2010-01..2019-12.
 */
const FIRST = monthIndex(2010, 1);
const MONTHS = 120;
const AREAS = ['01001', '01002', '01003', '01004'];

function series(id: string, level: Level, areas: string[]): Series {
  const values = new Float64Array(areas.length * MONTHS);
  // Deterministic small counts with some variety.
  for (let a = 0; a < areas.length; a++)
    for (let t = 0; t < MONTHS; t++) values[a * MONTHS + t] = ((a + 1) * (t % 7) + (t % 3)) % 9;
  return {
    meta: {
      id,
      title: id,
      unit: 'deaths',
      level,
      source: 'synthetic',
      file: 'synthetic.csv',
      vintage: '2020-01',
      format: 'synthetic',
      encoding: 'utf-8',
      rows: areas.length * MONTHS,
      warnings: [],
    },
    areas,
    start: FIRST,
    months: MONTHS,
    values,
  };
}

function panel(): Panel {
  const registry = new AreaRegistry();
  for (const code of AREAS)
    for (let year = 2010; year <= 2020; year++) registry.setPopulation(code, year, 20_000);
  return new Panel(
    [series('test.homicides', 'municipality', AREAS), series('test.state-only', 'state', ['01'])],
    registry,
  );
}

const SERIES = 'test.homicides';

/** The QueryError a call throws (fails the test if it throws nothing or something else). */
function queryError(fn: () => unknown): QueryError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QueryError);
    return err as QueryError;
  }
  throw new Error('expected a QueryError, but the call succeeded');
}

describe('forecast: the synthetic panel itself is forecastable', () => {
  it('a valid request gives 4 areas × horizon rows', () => {
    const r = forecast(panel(), { series: SERIES, asOf: '2019-06', horizon: 2, model: 'mean12' });
    expect(r.forecasts).toHaveLength(AREAS.length * 2);
    expect(r.asOf).toBe('2019-06');
    expect([...new Set(r.forecasts.map((f) => f.t))]).toEqual(['2019-07', '2019-08']);
  });
});

describe('forecast errors', () => {
  it.each(['2030-01', '1990-01', '2009-12', '2020-01'])(
    'as-of %s outside the coverage names it and the range',
    (asOf) => {
      const e = queryError(() => forecast(panel(), { series: SERIES, asOf, horizon: 1, model: 'mean12' }));
      expect(e.message).toContain(asOf);
      expect(e.message).toContain('2010-01..2019-12');
      expect(e.message).toContain(SERIES);
    },
  );

  it.each(['2019-13', '2019-00', 'abc', '2016-6', '201606'])(
    'malformed as-of "%s" names it, the format and the range',
    (asOf) => {
      const e = queryError(() => forecast(panel(), { series: SERIES, asOf, horizon: 1, model: 'mean12' }));
      expect(e.message).toContain(`"${asOf}"`);
      expect(e.message).toContain('YYYY-MM');
      expect(e.message).toContain('2010-01..2019-12');
    },
  );

  it('an origin without 48 months refuses the regression (pointing to borrowed); under 13 months, any model', () => {
    const e = queryError(() =>
      forecast(panel(), { series: SERIES, asOf: '2013-11', horizon: 1, model: 'negbin' }),
    );
    expect(e.message).toContain('2013-11');
    expect(e.message).toContain('needs 48');
    expect(e.message).toContain('--model borrowed');
    // The first origin with 48 months is accepted.
    expect(() =>
      forecast(panel(), { series: SERIES, asOf: '2013-12', horizon: 1, model: 'negbin' }),
    ).not.toThrow();
    // A baseline needs a year of history and one month to fit its dispersion: 13 months.
    const short = queryError(() =>
      forecast(panel(), { series: SERIES, asOf: '2010-12', horizon: 1, model: 'mean12' }),
    );
    expect(short.message).toContain('needs 13 months');
    expect(short.message).toContain('2010-01');
    expect(() =>
      forecast(panel(), { series: SERIES, asOf: '2011-01', horizon: 1, model: 'mean12' }),
    ).not.toThrow();
  });

  it('a horizon the history cannot train is refused with the horizon named', () => {
    // At 2013-12 (48 months) a 1-month model has 12 training origins, a 2-month one only 11 (it needs 12).
    const e = queryError(() =>
      forecast(panel(), { series: SERIES, asOf: '2013-12', horizon: 3, model: 'mean12' }),
    );
    expect(e.message).toMatch(/2-month/);
    expect(e.message).toMatch(/11 origins/);
    expect(e.message).toMatch(/need 12/);
  });

  it.each([0, 13, 1.5, -1, Number.NaN])('horizon %s names itself and the range 1 to 12', (horizon) => {
    const e = queryError(() =>
      forecast(panel(), { series: SERIES, asOf: '2019-06', horizon, model: 'mean12' }),
    );
    expect(e.message).toContain(`horizon ${horizon}`);
    expect(e.message).toContain('1 to 12');
  });

  it('an unknown series id names it and lists the imported series', () => {
    const e = queryError(() => forecast(panel(), { series: 'inegi.homicidez', asOf: '2019-06', horizon: 1 }));
    expect(e.message).toContain('"inegi.homicidez"');
    expect(e.message).toContain(SERIES);
  });

  it('a series with no municipal data says at which level it is', () => {
    const e = queryError(() => forecast(panel(), { series: 'test.state-only', asOf: '2019-06', horizon: 1 }));
    expect(e.message).toContain('municipality');
    expect(e.message).toContain('state');
  });

  it('an unknown vintage names it and lists the vintages', () => {
    const e = queryError(() =>
      forecast(panel(), { series: SERIES, vintage: '1999-01', asOf: '2019-06', horizon: 1, model: 'mean12' }),
    );
    expect(e.message).toContain('1999-01');
    expect(e.message).toContain('2020-01');
  });
});

describe('backtest errors', () => {
  it.each([0, 13, 2.5])('horizon %s names itself and the range', (horizon) => {
    const e = queryError(() =>
      backtest(panel(), { series: SERIES, origins: ['2018-06'], horizon, models: ['persistence'] }),
    );
    expect(e.message).toContain(`horizon ${horizon}`);
    expect(e.message).toContain('1 to 12');
  });

  it('an origin whose horizon runs past the data names the origin and the last month', () => {
    const e = queryError(() =>
      backtest(panel(), { series: SERIES, origins: ['2019-10'], horizon: 3, models: ['persistence'] }),
    );
    expect(e.message).toContain('2019-10');
    expect(e.message).toContain('2019-12');
  });

  it('a malformed origin names it', () => {
    const e = queryError(() =>
      backtest(panel(), { series: SERIES, origins: ['2018-13'], horizon: 1, models: ['persistence'] }),
    );
    expect(e.message).toContain('"2018-13"');
    expect(e.message).toContain('2010-01..2019-12');
  });
});
