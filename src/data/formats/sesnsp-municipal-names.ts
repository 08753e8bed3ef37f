import { DataError } from '../errors.js';
import { isPanelYear, monthIndex, monthLabel, spanishMonth } from '../panel/months.js';
import { SeriesBuilder, type SeriesMeta } from '../panel/series.js';
import { normalizeName } from '../states.js';
import { plain, quote, quoteList } from './quote.js';
import type { Reader } from './reader.js';
import {
  checkWidth,
  crimeNameProblem,
  crimeSlug,
  headerKeys,
  IssueLog,
  MAX_CRIMES,
  openRows,
  tooManyCrimes,
} from './sesnsp-victims-long.js';
import { parseCount } from './text.js';

/*
 * A derived SESNSP municipal incidence table keyed by names only (sebrodriguezh/SESNSP_Site
 * `violencia_homicida_municipal_nacional_2024_2025.csv`):
 *   Entidad,Municipio,Feminicidio,Homicidio culposo,Homicidio doloso,Total,Año,Mes,Periodo,Otros delitos …
 * Every column other than Entidad, Municipio, Total, Año, Mes and Periodo is a crime (carpetas). There are
 * no codes: each (Entidad, Municipio) pair is matched to a CVEGEO through the municipal names of the area
 * registry. Unmatched pairs (including "No Especificado" / "Otros Municipios") are reported in one warning
 * and their rows dropped; codes are never invented.
 */

const STRUCTURAL = new Set(['entidad', 'municipio', 'total', 'ano', 'mes', 'periodo']);

export const sesnspMunicipalNames: Reader = {
  format: 'sesnsp-municipal-names',
  description: 'SESNSP municipal incidence by state and municipality name, one column per crime (no codes)',
  detect(header, delimiter) {
    const k = headerKeys(header, delimiter);
    const crimes = k.filter((c) => !STRUCTURAL.has(c));
    return (
      k.includes('entidad') &&
      k.includes('municipio') &&
      k.includes('ano') &&
      k.includes('mes') &&
      crimes.length > 0 &&
      !crimes.some((c) => /^(clave|cve) /.test(c) || c === 'modalidad' || c === 'enero' || c === 'isodate')
    );
  },
  read(ctx) {
    const { file } = ctx;
    if (!ctx.areas.hasMunicipalities) {
      throw new DataError(
        `${file}: this file names municipalities without codes; matching them needs the municipal names: import the CONAPO municipal population or the INEGI census first`,
        { file },
      );
    }
    const log = new IssueLog(ctx);
    const { header, keys, rows } = openRows(ctx);
    const index = (key: string, name: string): number => {
      const i = keys.indexOf(key);
      if (i < 0) {
        throw new DataError(`${file}:1: missing column "${name}" (found: ${quoteList(header)})`, {
          file,
          line: 1,
          field: name,
        });
      }
      if (keys.indexOf(key, i + 1) >= 0) {
        throw new DataError(`${file}:1: column "${name}" appears twice`, { file, line: 1, field: name });
      }
      return i;
    };
    const iState = index('entidad', 'Entidad');
    const iMun = index('municipio', 'Municipio');
    const iYear = index('ano', 'Año');
    const iMonth = index('mes', 'Mes');
    const iPeriod = keys.indexOf('periodo');
    const iTotal = keys.indexOf('total');
    const crimeCols = keys.flatMap((k, i) => (STRUCTURAL.has(k) ? [] : [i]));
    if (crimeCols.length > MAX_CRIMES) throw tooManyCrimes(file, 1, header[crimeCols[MAX_CRIMES]]);
    const slugs = crimeCols.map((i) => crimeSlug(header[i]));
    slugs.forEach((slug, j) => {
      const i = crimeCols[j];
      const bad = crimeNameProblem(header[i], slug);
      if (bad) {
        throw new DataError(`${file}:1: column ${i + 1}: ${bad === 'empty' ? 'has no name' : bad}`, {
          file,
          line: 1,
          field: String(i + 1),
        });
      }
      if (slugs.indexOf(slug) !== j) {
        throw new DataError(`${file}:1: column ${quote(header[i])} appears twice`, {
          file,
          line: 1,
          field: header[i],
        });
      }
    });
    const builders = crimeCols.map(() => new SeriesBuilder(false));
    const width = header.length;

    const states = new Map<string, string | null>();
    /** Matched code per state code and municipality name ('' = unmatched). */
    const matches = new Map<string, Map<string, string>>();
    /** Unmatched "state / municipality" pairs: rows and the first line of each. */
    const unmatched = new Map<string, { rows: number; line: number }>();
    const periods = new Map<string, number | null>();
    const firstLineOf = new Map<number, number>();
    let count = 0;
    let last = Number.NEGATIVE_INFINITY;
    let totalMismatches = 0;
    let unmatchedTotal = 0;
    let totalExample = '';

    for (const { line, fields } of rows) {
      checkWidth(fields, width, file, line);
      count++;
      const stateText = fields[iState];
      let state = states.get(stateText);
      if (state === undefined) {
        state = ctx.areas.stateCode(stateText) ?? null;
        states.set(stateText, state);
      }
      if (state === null) {
        log.error(
          'unknown state',
          `column ${quote(header[iState])}: ${quote(stateText)} is not a state name`,
          line,
          header[iState],
        );
        continue;
      }
      const yearText = fields[iYear];
      const monthText = fields[iMonth];
      const periodKey = `${yearText}|${monthText}`;
      let month = periods.get(periodKey);
      if (month === undefined) {
        const y = /^\s*\d{4}\s*$/.test(yearText) ? Number(yearText) : Number.NaN;
        const m = spanishMonth(monthText);
        month = isPanelYear(y) && m !== undefined ? monthIndex(y, m) : null;
        periods.set(periodKey, month);
      }
      if (month === null) {
        const bad = isPanelYear(Number(yearText)) && /^\s*\d{4}\s*$/.test(yearText) ? iMonth : iYear;
        log.error(
          'bad period',
          `column ${quote(header[bad])}: ${quote(fields[bad])} is not a ${bad === iYear ? 'year (1990–2100)' : 'month name'}`,
          line,
          header[bad],
        );
        continue;
      }
      if (iPeriod >= 0 && normalizeName(fields[iPeriod]) !== normalizeName(`${monthText} ${yearText}`)) {
        log.error(
          'period mismatch',
          `column ${quote(header[iPeriod])}: ${quote(fields[iPeriod])} contradicts ${header[iMonth]} ${quote(monthText, 20)} and ${header[iYear]} ${quote(yearText, 20)}`,
          line,
          header[iPeriod],
        );
        continue;
      }
      const values = crimeCols.map((i) => parseCount(fields[i], file, line, header[i]));
      if (iTotal >= 0) {
        const total = parseCount(fields[iTotal], file, line, header[iTotal]);
        const sum = values.reduce((a, v) => a + (Number.isNaN(v) ? 0 : v), 0);
        if (!Number.isNaN(total) && Math.abs(total - sum) > 1e-9) {
          totalMismatches++;
          if (!totalExample) totalExample = `line ${line}: Total ${total}, sum of the crime columns ${sum}`;
        }
      }
      const munText = fields[iMun];
      let byName = matches.get(state);
      if (!byName) {
        byName = new Map();
        matches.set(state, byName);
      }
      let code = byName.get(munText);
      if (code === undefined) {
        code = ctx.areas.municipalityByName(state, munText) ?? '';
        byName.set(munText, code);
      }
      if (code === '') {
        const key = `${plain(stateText.trim())} / ${plain(munText.trim())}`;
        const u = unmatched.get(key) ?? { rows: 0, line };
        u.rows++;
        unmatched.set(key, u);
        for (const v of values) if (!Number.isNaN(v)) unmatchedTotal += v;
        continue;
      }
      const key = month * 100000 + Number(code);
      const before = firstLineOf.get(key);
      if (before !== undefined) {
        log.error(
          'duplicate',
          `${quote(munText)} (${quote(stateText, 40)}) matched ${code}, which already has ${monthLabel(month)} on line ${before} (two names for one municipality, or a duplicated row)`,
          line,
          header[iMun],
        );
        continue;
      }
      firstLineOf.set(key, line);
      values.forEach((v, j) => {
        if (!Number.isNaN(v)) builders[j].add(code, month, v);
      });
      if (month > last) last = month;
    }
    if (count === 0) throw new DataError(`${file}: no data rows`, { file, line: 2 });
    if (unmatched.size > 0) {
      const rowsDropped = [...unmatched.values()].reduce((a, u) => a + u.rows, 0);
      const examples = [...unmatched].slice(0, 20).map(([pair, u]) => `${pair} (line ${u.line})`);
      const first = [...unmatched.values()].reduce((m, u) => Math.min(m, u.line), Number.POSITIVE_INFINITY);
      log.warning(
        'unmatched municipalities',
        `${unmatched.size} state/municipality name pairs match no known municipality (${rowsDropped} rows with ${unmatchedTotal} carpetas dropped), e.g. ${examples.join('; ')}`,
        first,
        header[iMun],
      );
    }
    if (totalMismatches > 0) {
      log.warning(
        'total mismatch',
        `${totalMismatches} rows where Total differs from the sum of the crime columns (${totalExample})`,
      );
    }
    log.finish();
    if (!Number.isFinite(last)) return [];

    const vintage = monthLabel(last);
    return crimeCols
      .map((i, j) => {
        const meta: SeriesMeta = {
          id: `sesnsp.incidence-municipal.${slugs[j]}`,
          title: `${header[i]}: carpetas de investigación by municipality (SESNSP, names matched)`,
          unit: 'carpetas',
          level: 'municipality',
          source: 'sesnsp-municipal-partial',
          file,
          vintage,
          format: 'sesnsp-municipal-names',
          encoding: ctx.input.encoding,
          rows: count,
          warnings: [...log.warnings],
        };
        return builders[j].build(meta, Number.NaN);
      })
      .sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  },
};
