import { neighbors } from 'topojson-client';
import type { AreaRegistry } from '../areas.js';
import { DataError } from '../errors.js';
import type { Issue } from '../panel/series.js';
import { normalizeName } from '../states.js';
import { quote } from './quote.js';
import { columnIndex, delimitedRows, parseCount, type TextFile, takeHeader } from './text.js';

/**
 * Reference files: they describe areas rather than counting crimes. Each fills the area registry
 * (codes, names, population, geometry and adjacency) that the series readers validate against.
 */
export interface ReferenceContext {
  file: string;
  input: TextFile;
  areas: AreaRegistry;
  issues: Issue[];
}

export interface ReferenceReader {
  format: string;
  description: string;
  detect(header: string, delimiter: string): boolean;
  load(ctx: ReferenceContext): { rows: number };
}

const headerKey = (h: string) => normalizeName(h);

/** CONAPO municipal projections: `CVE,Entidad,Municipio,1990,…,2040` (lapanquecita/poblacion-estimada). */
export const conapoMunicipal: ReferenceReader = {
  format: 'conapo-municipal',
  description: 'CONAPO municipal population projections (one column per year)',
  detect(header, delimiter) {
    const h = header.split(delimiter).map(headerKey);
    return h[0] === 'cve' && h[1] === 'entidad' && h[2] === 'municipio' && /^\d{4}$/.test(h[3] ?? '');
  },
  load(ctx) {
    const rows = delimitedRows(ctx.input.text, ',', { file: ctx.file });
    const header = takeHeader(rows, ctx.file);
    columnIndex(header, ['CVE', 'Municipio'], ctx.file);
    const years = yearColumns(header, 3, ctx.file);
    let n = 0;
    for (const { line, fields } of rows) {
      if (fields.length !== header.length) throw truncated(ctx.file, line, fields.length, header.length);
      const code = fields[0].trim().padStart(5, '0');
      if (!/^\d{5}$/.test(code) || !ctx.areas.isState(code.slice(0, 2))) {
        throw new DataError(
          `${ctx.file}:${line}: column "CVE": ${quote(fields[0])} is not a municipality code (5 digits of a state 01–32)`,
          {
            file: ctx.file,
            line,
            field: 'CVE',
          },
        );
      }
      ctx.areas.addMunicipality(code, fields[2].trim(), 'population');
      years.forEach((y, k) => {
        const v = parseCount(fields[3 + k], ctx.file, line, String(y));
        if (Number.isFinite(v)) ctx.areas.setPopulation(code, y, v);
      });
      n++;
    }
    return { rows: n };
  },
};

/** CONAPO state projections: `ENTIDAD,1970,…,2070` by state name. */
export const conapoState: ReferenceReader = {
  format: 'conapo-state',
  description: 'CONAPO state population projections by state name (one column per year)',
  detect(header, delimiter) {
    const h = header.split(delimiter).map(headerKey);
    return h[0] === 'entidad' && /^\d{4}$/.test(h[1] ?? '') && !h.includes('municipio');
  },
  load(ctx) {
    const rows = delimitedRows(ctx.input.text, ',', { file: ctx.file });
    const header = takeHeader(rows, ctx.file);
    const years = yearColumns(header, 1, ctx.file);
    let n = 0;
    for (const { line, fields } of rows) {
      if (fields.length !== header.length) throw truncated(ctx.file, line, fields.length, header.length);
      const code = ctx.areas.stateCode(fields[0]);
      if (!code) {
        throw new DataError(`${ctx.file}:${line}: column "ENTIDAD": unknown state ${quote(fields[0])}`, {
          file: ctx.file,
          line,
          field: 'ENTIDAD',
        });
      }
      years.forEach((y, k) => {
        const v = parseCount(fields[1 + k], ctx.file, line, String(y));
        if (Number.isFinite(v)) ctx.areas.setPopulation(code, y, v);
      });
      n++;
    }
    return { rows: n };
  },
};

/**
 * INEGI census web export (Latin-1, CRLF, title lines, codes like " 01 001 ", thousands commas):
 * municipal names and 2020 population. Used for municipalities the CONAPO projections lack.
 */
export const census2020: ReferenceReader = {
  format: 'inegi-census-export',
  description: 'INEGI census web export of total population by state and municipality',
  detect(header) {
    return /poblaci[oó]n total/i.test(header.replace(/"/g, ''));
  },
  load(ctx) {
    let n = 0;
    let year = 2020;
    for (const { line, fields } of delimitedRows(ctx.input.text, ',', { file: ctx.file })) {
      const title = fields.join(' ');
      const y = /\b(19|20)\d{2}\b/.exec(title);
      if (line <= 4 && y) year = Number(y[0]);
      const m = /^\s*(\d{2})\s+(\d{3})\s*$/.exec(fields[0] ?? '');
      if (!m) continue;
      const code = `${m[1]}${m[2]}`;
      if (!ctx.areas.isState(m[1])) {
        throw new DataError(
          `${ctx.file}:${line}: column 1: ${quote(fields[0])} is the code of a municipality of state ${m[1]}, which does not exist (01–32)`,
          { file: ctx.file, line, field: '1' },
        );
      }
      const total = parseCount(fields[2] ?? '', ctx.file, line, 'Total');
      ctx.areas.addMunicipality(code, (fields[1] ?? '').trim(), 'census');
      if (Number.isFinite(total) && ctx.areas.populationOf(code, year) === undefined)
        ctx.areas.setPopulation(code, year, total);
      n++;
    }
    if (n === 0) {
      throw new DataError(
        `${ctx.file}: no municipal rows found (expected codes like " 01 001 " in the first column)`,
        {
          file: ctx.file,
        },
      );
    }
    return { rows: n };
  },
};

/**
 * TopoJSON geometry keyed by INEGI code (property `id`): municipal geometries (5-digit ids) register
 * municipalities and their adjacency (shared borders, via topojson-client); state geometries (2-digit) are
 * checked against the 32 states.
 */
export const topojsonAreas: ReferenceReader = {
  format: 'topojson',
  description: 'TopoJSON geometry keyed by INEGI code',
  detect(header) {
    return /^\s*\{\s*"type"\s*:\s*"Topology"/.test(header);
  },
  load(ctx) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(ctx.input.text);
    } catch (err) {
      throw new DataError(`${ctx.file}: invalid JSON (${(err as Error).message}); truncated file?`, {
        file: ctx.file,
      });
    }
    const objects = checkTopology(parsed, ctx.file);
    let total = 0;
    for (const [name, geometries] of objects) {
      const ids = geometries.map((g) =>
        String((isRecord(g.properties) ? g.properties.id : undefined) ?? g.id ?? ''),
      );
      const bad = ids.findIndex((id) => !/^\d{2}(\d{3})?$/.test(id));
      if (bad >= 0) {
        throw new DataError(
          `${ctx.file}: object ${quote(name)}, geometry ${bad}: id ${quote(ids[bad])} is not an INEGI code`,
          {
            file: ctx.file,
            field: 'id',
          },
        );
      }
      if (ids.every((id) => id.length === 5)) {
        loadMunicipalGeometry(ctx, geometries as never, ids);
        ctx.areas.topologies.set('municipality', ctx.input.text);
      } else {
        ctx.areas.topologies.set('state', ctx.input.text);
        const unknown = ids.flatMap((id, k) => (ctx.areas.isState(id) ? [] : [`${k} (id "${id}")`]));
        if (unknown.length > 0)
          ctx.issues.push({
            severity: 'warning',
            file: ctx.file,
            column: 'id',
            message: `object ${quote(name)}: ${unknown.length} geometr${unknown.length === 1 ? 'y has' : 'ies have'} an unknown state id (not 01–32), kept in the map only: geometr${unknown.length === 1 ? 'y' : 'ies'} ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}`,
          });
      }
      total += ids.length;
    }
    return { rows: total };
  },
};

interface TopoGeometry {
  type: 'Polygon' | 'MultiPolygon';
  arcs: unknown;
  id?: unknown;
  properties?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The geometry collections of a parsed TopoJSON, checked before any of it is used: topojson-client
 * trusts its input (a missing `objects`, a string where arcs should be, an arc index out of range give
 * TypeErrors or silently wrong neighbours), and the stored text is drawn later by the maps.
 */
function checkTopology(value: unknown, file: string): [string, TopoGeometry[]][] {
  /** `where` says it for people, `field` is the JSON path. */
  const fail = (where: string, field: string, what: string) =>
    new DataError(`${file}: ${where}: ${what} (expected a TopoJSON Topology)`, { file, field });
  if (!isRecord(value)) throw fail('top level', '', 'not a JSON object');
  if (!Array.isArray(value.arcs)) throw fail('"arcs"', 'arcs', 'missing or not a list');
  const arcCount = value.arcs.length;
  if (!isRecord(value.objects) || Object.keys(value.objects).length === 0) {
    throw fail('"objects"', 'objects', 'missing, empty or not an object');
  }
  const out: [string, TopoGeometry[]][] = [];
  for (const [name, object] of Object.entries(value.objects)) {
    if (!isRecord(object) || !Array.isArray(object.geometries)) {
      throw fail(
        `object ${quote(name)}`,
        `objects.${name}`,
        'not a GeometryCollection with a list of "geometries"',
      );
    }
    object.geometries.forEach((g: unknown, k: number) => {
      const where = `object ${quote(name)}, geometry ${k}`;
      const field = `objects.${name}.geometries.${k}`;
      if (!isRecord(g)) throw fail(where, field, 'not an object');
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
        throw fail(where, `${field}.type`, `type ${quote(String(g.type))}, expected Polygon or MultiPolygon`);
      }
      if (!arcIndices(g.arcs, g.type === 'Polygon' ? 2 : 3, arcCount)) {
        throw fail(
          where,
          `${field}.arcs`,
          `"arcs" is not ${g.type === 'Polygon' ? 'a list of rings' : 'a list of polygons'} of arc indices (−${arcCount} to ${arcCount - 1})`,
        );
      }
    });
    out.push([name, object.geometries as TopoGeometry[]]);
  }
  return out;
}

/** Nested lists `depth` deep whose leaves are arc indices: i ≥ 0 is arc i, ~i (negative) arc i reversed. */
function arcIndices(arcs: unknown, depth: number, count: number): boolean {
  if (!Array.isArray(arcs)) return false;
  if (depth === 1) return arcs.every((a) => Number.isInteger(a) && a >= -count && a < count);
  return arcs.every((a) => arcIndices(a, depth - 1, count));
}

function loadMunicipalGeometry(
  ctx: ReferenceContext,
  geometries: Parameters<typeof neighbors>[0],
  ids: string[],
): void {
  const seen = new Set<string>();
  const duplicate = ids.find((id) => seen.has(id) || !seen.add(id));
  if (duplicate)
    throw new DataError(`${ctx.file}: municipality ${duplicate} appears twice in the geometry`, {
      file: ctx.file,
    });
  const foreign = ids.findIndex((id) => !ctx.areas.isState(id.slice(0, 2)));
  if (foreign >= 0) {
    throw new DataError(
      `${ctx.file}: geometry ${foreign}: municipality ${ids[foreign]} is in state ${ids[foreign].slice(0, 2)}, which does not exist (01–32)`,
      { file: ctx.file, field: 'id' },
    );
  }
  for (const id of ids) ctx.areas.addMunicipality(id, undefined, 'geometry');
  const nb = neighbors(geometries);
  const ptr = new Int32Array(ids.length + 1);
  const idx: number[] = [];
  const islands: string[] = [];
  ids.forEach((id, i) => {
    // Repeated arcs can make a polygon its own "neighbour": drop self-links and duplicates.
    const own = [...new Set(nb[i].filter((j) => j !== i))].sort((a, b) => a - b);
    if (own.length === 0) islands.push(id);
    idx.push(...own);
    ptr[i + 1] = idx.length;
  });
  ctx.areas.setAdjacency(ids, ptr, Int32Array.from(idx));
  if (islands.length > 0) {
    ctx.issues.push({
      severity: 'warning',
      file: ctx.file,
      message: `${islands.length} municipalities share no border with another (islands or detached): ${islands.join(', ')}; they have no neighbours in spatial analysis`,
    });
  }
}

/** The year columns of a projection table (one per year, from `from` on); anything else is an error. */
function yearColumns(header: string[], from: number, file: string): number[] {
  return header.slice(from).map((h, k) => {
    const y = Number(h);
    if (!/^\d{4}$/.test(h) || y < 1900 || y > 2200) {
      throw new DataError(
        `${file}:1: column ${from + k + 1}: ${quote(h)} is not a year (expected one column per year)`,
        {
          file,
          line: 1,
          field: h,
        },
      );
    }
    return y;
  });
}

function truncated(file: string, line: number, got: number, expected: number): DataError {
  return new DataError(
    `${file}:${line}: ${got} fields where the header has ${expected} (truncated or malformed row)`,
    { file, line },
  );
}

/** All reference readers, in the order they are applied (geometry and projections before the census). */
export const REFERENCE_READERS: readonly ReferenceReader[] = [
  topojsonAreas,
  conapoMunicipal,
  conapoState,
  census2020,
];
