import { DataError } from '../errors.js';
import { monthIndex, monthLabel } from '../panel/months.js';
import type { Issue, Series, SeriesMeta } from '../panel/series.js';
import { SeriesBuilder } from '../panel/series.js';
import { plain, quote } from './quote.js';
import type { Reader } from './reader.js';
import { columnIndex, delimitedRows, detectDelimiter, firstLine, parseCount, takeHeader } from './text.js';

/**
 * CIDE Drug Policy Program (PPD) violence events, December 2006 – November 2011, in the event-level
 * file `AllViolenceData_170216.csv` prepared for Columbia's QMSS GR5069 course (Spring 2017). Its data
 * dictionary (DATA_DICTIONARY.md next to the file) describes it in one line: "The dataset
 * `AllViolenceData_170216.csv` cointans [sic] information on **Confrontations** and **Aggressions** between
 * armed forces and criminal organizations between December 2006 and November 2011 in Mexico. The data is a
 * transformation of datasets released by the Drug Policy Program (PPD) and is preserved at the event level."
 *
 * Header (first columns): `event.id,unix.timestamp,date,state_code,state,state.abbr,mun_code,municipality,
 * detained,total.people.dead,…`; `state_code`/`mun_code` are floats (`16.0`, `15.0` → CVEGEO `16015`); the
 * column `source` says which database the event came from (`confrontations` or `aggressions`).
 *
 * Series (municipality × month, summed over events; source 'cide-ppd'):
 *   cide.events.confrontations, cide.events.aggressions       events
 *   cide.deaths                      total.people.dead          deaths
 *   cide.deaths.civilians            civilian.dead              deaths
 *   cide.deaths.organized-crime      organized.crime.dead       deaths
 *   cide.deaths.security-forces      military + navy + federal police + AFI + state police + ministerial
 *                                    police + municipal police + public prosecutor dead   deaths
 * All six share the same areas and months. The file lists events only, so a month without an event is 0
 * within the covered range (first to last event month); with municipal references loaded, every known
 * municipality gets a row (zeros included), otherwise only municipalities with at least one event.
 *
 * - Rows with a missing or invalid state/municipality code (e.g. mun_code 0) are dropped, with one warning.
 * - A duplicate (source, event.id) is an error naming the line.
 * - total.people.dead ≠ the sum of the actor columns is a warning (the total is still used for cide.deaths).
 * - vintage: the release date (2016-02-16, "170216" in the file name) is not in the content, and readers do
 *   not look at names; the vintage recorded is the last event month (`YYYY-MM`).
 */

const SECURITY_FORCES = [
  'military.dead',
  'navy.dead',
  'federal.police.dead',
  'afi.dead',
  'state.police.dead',
  'ministerial.police.dead',
  'municipal.police.dead',
  'public.prosecutor.dead',
] as const;

const DEATH_COLUMNS = [
  'total.people.dead',
  'civilian.dead',
  'organized.crime.dead',
  ...SECURITY_FORCES,
] as const;
const REQUIRED = ['event.id', 'date', 'state_code', 'mun_code', 'source', ...DEATH_COLUMNS] as const;

const SERIES = [
  {
    id: 'cide.events.confrontations',
    title: 'Confrontations between armed forces and criminal organizations (CIDE-PPD)',
    unit: 'events',
  },
  {
    id: 'cide.events.aggressions',
    title: 'Aggressions by criminal organizations against armed forces (CIDE-PPD)',
    unit: 'events',
  },
  { id: 'cide.deaths', title: 'People killed in confrontations and aggressions (CIDE-PPD)', unit: 'deaths' },
  {
    id: 'cide.deaths.civilians',
    title: 'Civilians killed in confrontations and aggressions (CIDE-PPD)',
    unit: 'deaths',
  },
  {
    id: 'cide.deaths.organized-crime',
    title: 'Alleged criminals killed in confrontations and aggressions (CIDE-PPD)',
    unit: 'deaths',
  },
  {
    id: 'cide.deaths.security-forces',
    title: 'Security-force members killed in confrontations and aggressions (CIDE-PPD)',
    unit: 'deaths',
  },
] as const;

const KINDS: Record<string, 'confrontations' | 'aggressions'> = {
  confrontations: 'confrontations',
  confrontation: 'confrontations',
  enfrentamientos: 'confrontations',
  aggressions: 'aggressions',
  aggression: 'aggressions',
  agresiones: 'aggressions',
};

export const cideEvents: Reader = {
  format: 'cide-ppd-events',
  description:
    'CIDE-PPD confrontations and aggressions between armed forces and criminal organizations, 2006–2011',
  detect(header, delimiter) {
    const names = new Set(header.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1')));
    return ['event.id', 'date', 'state_code', 'mun_code', 'source', 'total.people.dead'].every((c) =>
      names.has(c),
    );
  },
  read(ctx) {
    const { file, areas } = ctx;
    const delimiter = detectDelimiter(firstLine(ctx.input.text));
    const rows = delimitedRows(ctx.input.text, delimiter, { file: ctx.file });
    const header = takeHeader(rows, file);
    const index = columnIndex(header, REQUIRED, file);
    const at = (c: string) => index.get(c)!;
    const iId = at('event.id');
    const iDate = at('date');
    const iState = at('state_code');
    const iMun = at('mun_code');
    const iSource = at('source');
    const iDead = at('total.people.dead');
    const iCivil = at('civilian.dead');
    const iCrime = at('organized.crime.dead');
    const iForces = SECURITY_FORCES.map(at);
    const width = header.length;

    const builders = SERIES.map(() => new SeriesBuilder(true));
    const seen = new Set<string>();
    const places = new Set<string>();
    const errors: Issue[] = [];
    let duplicateCount = 0;
    const invalid: number[] = [];
    /** state_code/mun_code of the first invalid rows, for the warning. */
    const invalidCodes: string[] = [];
    const mismatch: number[] = [];
    let missingDeaths = 0;
    let last = Number.NEGATIVE_INFINITY;
    let n = 0;

    for (const { line, fields } of rows) {
      if (fields.length !== width) {
        throw new DataError(
          `${file}:${line}: ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${width} ` +
            `(truncated row or wrong delimiter; expected "${delimiter}")`,
          { file, line },
        );
      }
      n++;
      const kindRaw = fields[iSource].trim();
      const kind = Object.hasOwn(KINDS, kindRaw.toLowerCase()) ? KINDS[kindRaw.toLowerCase()] : undefined;
      if (!kind) {
        throw new DataError(
          `${file}:${line}: column "source": ${quote(kindRaw)} is not an event type (expected confrontations or aggressions)`,
          { file, line, field: 'source' },
        );
      }
      const month = eventMonth(fields[iDate], file, line);
      const id = fields[iId].trim();
      const key = `${kind}|${id}`;
      if (seen.has(key)) {
        duplicateCount++;
        if (errors.length < 10) {
          errors.push({
            severity: 'error',
            file,
            line,
            message: `${file}:${line}: duplicate event ${quote(id, 40)} in ${kind}; the row is not added`,
          });
        }
        continue;
      }
      seen.add(key);
      const dead = (i: number, column: string) => {
        const v = parseCount(fields[i], file, line, column);
        if (Number.isNaN(v)) {
          missingDeaths++;
          return 0;
        }
        return v;
      };
      const total = dead(iDead, 'total.people.dead');
      const civilians = dead(iCivil, 'civilian.dead');
      const crime = dead(iCrime, 'organized.crime.dead');
      let forces = 0;
      iForces.forEach((i, k) => {
        forces += dead(i, SECURITY_FORCES[k]);
      });
      if (total !== civilians + crime + forces) mismatch.push(line);

      const area = placeCode(fields[iState], fields[iMun]);
      if (area === undefined || !areas.isMunicipality(area)) {
        invalid.push(line);
        if (invalidCodes.length < 10)
          invalidCodes.push(`${plain(fields[iState], 20)}/${plain(fields[iMun], 20)}`);
        continue;
      }
      places.add(area);
      if (month > last) last = month;
      const values = [
        kind === 'confrontations' ? 1 : 0,
        kind === 'aggressions' ? 1 : 0,
        total,
        civilians,
        crime,
        forces,
      ];
      builders.forEach((b, k) => {
        b.add(area, month, values[k]);
      });
    }
    if (n === 0) throw new DataError(`${file}: no data rows after the header`, { file, line: 2 });

    if (duplicateCount > errors.length) {
      errors.push({
        severity: 'error',
        file,
        message: `${file}: ${duplicateCount} duplicate events in all (first ${errors.length} listed)`,
      });
    }
    const lines = (xs: number[]) =>
      `line${xs.length === 1 ? '' : 's'} ${xs.slice(0, 10).join(', ')}${xs.length > 10 ? ', …' : ''}`;
    const warnings: Issue[] = [];
    if (invalid.length > 0) {
      warnings.push({
        severity: 'warning',
        file,
        line: invalid[0],
        column: 'mun_code',
        message: `${file}: ${invalid.length} event${invalid.length === 1 ? '' : 's'} with a missing or unknown state_code/mun_code dropped (${lines(invalid)}); state_code/mun_code: ${invalidCodes.join(', ')}${invalid.length > invalidCodes.length ? ', …' : ''}`,
      });
    }
    if (mismatch.length > 0) {
      warnings.push({
        severity: 'warning',
        file,
        line: mismatch[0],
        column: 'total.people.dead',
        message: `${file}: ${mismatch.length} events where total.people.dead ≠ civilian + organized crime + security-force dead (${lines(mismatch)}); the total is used`,
      });
    }
    if (missingDeaths > 0) {
      warnings.push({
        severity: 'warning',
        file,
        message: `${file}: ${missingDeaths} empty or NA death counts, taken as 0`,
      });
    }
    ctx.issues.push(...errors, ...warnings);

    const order = areas.hasMunicipalities
      ? [...new Set([...areas.municipalities.keys(), ...places])].sort()
      : [...places].sort();
    const vintage = Number.isFinite(last) ? monthLabel(last) : '';
    return SERIES.map((s, k): Series => {
      const meta: SeriesMeta = {
        id: s.id,
        title: s.title,
        unit: s.unit,
        level: 'municipality',
        source: 'cide-ppd',
        file,
        vintage,
        format: cideEvents.format,
        encoding: ctx.input.encoding,
        rows: n,
        warnings,
      };
      return builders[k].build(meta, 0, order);
    });
  },
};

/** CVEGEO from float-coded state and municipality (`16.0`, `15.0` → `16015`); undefined if missing/invalid. */
function placeCode(stateRaw: string, munRaw: string): string | undefined {
  const s = Number(stateRaw);
  const m = Number(munRaw);
  if (stateRaw.trim() === '' || munRaw.trim() === '') return undefined;
  if (!Number.isInteger(s) || !Number.isInteger(m) || s < 1 || s > 99 || m < 1 || m > 999) return undefined;
  return `${String(s).padStart(2, '0')}${String(m).padStart(3, '0')}`;
}

/** Month index of an ISO date (`YYYY-MM-DD`, time part allowed); a DataError otherwise. */
function eventMonth(raw: string, file: string, line: number): number {
  const d = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  const y = d ? Number(d[1]) : 0;
  const m = d ? Number(d[2]) : 0;
  if (!d || y < 1990 || y > 2100 || m < 1 || m > 12 || Number(d[3]) < 1 || Number(d[3]) > 31) {
    throw new DataError(
      `${file}:${line}: column "date": ${quote(raw)} is not a date (expected YYYY-MM-DD, years 1990–2100)`,
      {
        file,
        line,
        field: 'date',
      },
    );
  }
  return monthIndex(y, m);
}
