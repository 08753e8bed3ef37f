import { basename } from 'node:path';
import { z } from 'zod';
import type { AreaRegistry } from '../data/areas.js';
import { readCsvTable } from '../data/csv-table.js';
import { csvField } from '../data/csv-write.js';
import { DataError, QueryError } from '../data/errors.js';
import { quote } from '../data/formats/quote.js';
import { monthIndex, monthLabel } from '../data/panel/months.js';
import { STATES } from '../data/states.js';
import { groupNameSchema } from './groups.js';

/**
 * A territory layer: which organisations are present where, and when. It describes organisations in
 * places, never people. Presence is not control: an entry says a group operates in an area with a
 * stated confidence, citing where that comes from.
 */
export interface TerritoryEntry {
  /** INEGI code: 2-digit state or 5-digit municipality (CVEGEO). */
  area: string;
  /** Group name as the source writes it (matched to other sources by `groupKey`). */
  group: string;
  /** First month present, `YYYY-MM`. */
  start: string;
  /** Last month present (inclusive), `YYYY-MM`; absent = still present. */
  end?: string;
  /** How sure the source (or the layer's author) is of this presence, 0–1. */
  confidence: number;
  /** Citation for the entry. */
  source: string;
}

/**
 * A rivalry between two groups of a layer (by group name), with a weight normalised to 0–1 (1 = the
 * strongest rivalry of its source) and an optional period; absent dates = always.
 */
export interface LayerRivalry {
  a: string;
  b: string;
  weight: number;
  start?: string;
  end?: string;
  source: string;
}

export interface TerritoryLayer {
  /** Short name printed with results, e.g. "network-2020", "historical-2006-2011", a file name. */
  name: string;
  /** Where the layer as a whole comes from (citation or file path). */
  source: string;
  entries: TerritoryEntry[];
  /** The layer's own rivalries, when it carries them (the historical layer, the network layer). */
  rivalries?: LayerRivalry[];
}

/** Columns of the territory CSV format, in order (see docs/TERRITORY.md). */
export const TERRITORY_COLUMNS = ['area', 'group', 'start', 'end', 'confidence', 'source'] as const;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Months are integers from January 1990 (the panel's epoch); earlier or far-future years are refused. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** Is `label` a `YYYY-MM` month within the years Atalaya handles (1990–2100)? */
export function isMonth(label: string): boolean {
  const m = MONTH_RE.exec(label);
  return !!m && Number(m[1]) >= FIRST_YEAR && Number(m[1]) <= LAST_YEAR;
}

/** Month index (0 = 1990-01) of a `YYYY-MM` label; throws on a malformed label. */
export function monthOf(label: string): number {
  const m = MONTH_RE.exec(label);
  if (!m || !isMonth(label))
    throw new QueryError(`"${label}" is not a month (expected YYYY-MM, ${FIRST_YEAR}–${LAST_YEAR})`);
  return monthIndex(Number(m[1]), Number(m[2]));
}

export { monthLabel };

/** Is an entry (or rivalry) active in month `t` (a month index)? End months are inclusive. */
export function activeAt(period: { start?: string; end?: string }, t: number): boolean {
  if (period.start && monthOf(period.start) > t) return false;
  if (period.end && monthOf(period.end) < t) return false;
  return true;
}

export interface ReadTerritoryOptions {
  /** Municipal references: 5-digit codes must be known municipalities when the registry has them. */
  areas: AreaRegistry | undefined;
  /** Known group names; when given, a group must match one of them (by `groupKey`). */
  groups?: readonly string[];
}

const STATE_CODES = new Set(STATES.map((s) => s.code));

/** Per-row schema: shapes and ranges; the message says what was expected. */
function rowSchema(options: ReadTerritoryOptions) {
  const month = (what: string) =>
    z.string().refine(isMonth, { error: `expected ${what} as YYYY-MM (${FIRST_YEAR}–${LAST_YEAR})` });
  return z
    .object({
      area: z
        .string()
        .regex(/^\d{2}(\d{3})?$/, {
          error: 'expected an INEGI code: 2-digit state (e.g. 08) or 5-digit municipality (e.g. 08037)',
        })
        .superRefine((code, ctx) => {
          const problem = areaProblem(code, options.areas);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      group: groupNameSchema(options.groups),
      start: month('the first month present'),
      end: z.string().refine((v) => v === '' || isMonth(v), {
        error: `expected the last month present as YYYY-MM (${FIRST_YEAR}–${LAST_YEAR}), or empty: still present`,
      }),
      confidence: z
        .string()
        .regex(/^\s*(\d+(\.\d*)?|\.\d+)\s*$/, { error: 'expected a number from 0 to 1' })
        .transform(Number)
        .pipe(z.number().min(0, { error: 'expected 0 to 1' }).max(1, { error: 'expected 0 to 1' })),
      source: z.string().min(1, { error: 'expected a citation for the entry' }),
    })
    .superRefine((row, ctx) => {
      if (row.end && isMonth(row.start) && row.end < row.start)
        ctx.addIssue({ code: 'custom', path: ['end'], message: `ends before it starts (${row.start})` });
    });
}

/** Why a well-formed code is not a usable area, or undefined if it is. */
function areaProblem(code: string, areas: AreaRegistry | undefined): string | undefined {
  if (code.length === 2) return STATE_CODES.has(code) ? undefined : 'not a state code (01–32)';
  if (!STATE_CODES.has(code.slice(0, 2)))
    return `not a municipality: ${code.slice(0, 2)} is not a state code`;
  if (areas?.hasMunicipalities && !areas.municipalities.has(code))
    return 'not a municipality in the imported references (INEGI/CONAPO)';
  return undefined;
}

/**
 * Read and validate a territory CSV (header `area,group,start,end,confidence,source`, UTF-8, optional BOM;
 * other columns are ignored). Every error is a DataError naming the file, line and field and what was
 * expected. Two entries for the same group and area with overlapping periods are an error.
 */
export function readTerritoryCsv(path: string, options: ReadTerritoryOptions): TerritoryLayer {
  const table = readCsvTable(path, { required: TERRITORY_COLUMNS });
  if (table.rows.length === 0)
    throw new DataError(`${path}: no entries after the header`, { file: path, line: 2 });
  const schema = rowSchema(options);
  const entries = table.rows.map((raw, i) => {
    const line = table.lines[i];
    const row = Object.fromEntries(TERRITORY_COLUMNS.map((c) => [c, (raw[c] ?? '').trim()]));
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? 'row');
      throw new DataError(`${path}:${line}: field "${field}": ${quote(row[field] ?? '')} ${issue.message}`, {
        file: path,
        line,
        field,
      });
    }
    const r = parsed.data;
    const entry: TerritoryEntry = {
      area: r.area,
      group: r.group,
      start: r.start,
      confidence: r.confidence,
      source: r.source,
    };
    if (r.end) entry.end = r.end;
    return { entry, line };
  });
  checkOverlaps(path, entries);
  return { name: basename(path), source: path, entries: entries.map((e) => e.entry) };
}

function checkOverlaps(path: string, rows: { entry: TerritoryEntry; line: number }[]): void {
  const seen = new Map<string, { entry: TerritoryEntry; line: number }[]>();
  for (const row of rows) {
    // Same group = same name: distinct groups may share a key (the 2020 files list "Cártel de Los
    // Tequileros" and "Los Tequileros" as two groups of Guerrero).
    const key = `${row.entry.area}|${row.entry.group}`;
    const earlier = seen.get(key) ?? [];
    const clash = earlier.find((e) => overlaps(e.entry, row.entry));
    if (clash) {
      throw new DataError(
        `${path}:${row.line}: field "start": ${row.entry.group} in ${row.entry.area} overlaps the entry on line ${clash.line} (${clash.entry.start}–${clash.entry.end ?? 'open'}); give one entry per period`,
        { file: path, line: row.line, field: 'start' },
      );
    }
    earlier.push(row);
    seen.set(key, earlier);
  }
}

function overlaps(a: TerritoryEntry, b: TerritoryEntry): boolean {
  const aEnd = a.end ?? '9999-12';
  const bEnd = b.end ?? '9999-12';
  return a.start <= bEnd && b.start <= aEnd;
}

/** The layer as CSV text in the documented format (fields quoted when needed). */
export function territoryCsv(layer: TerritoryLayer): string {
  const lines = [TERRITORY_COLUMNS.join(',')];
  for (const e of layer.entries) {
    lines.push(
      [e.area, e.group, e.start, e.end ?? '', String(e.confidence), e.source].map(csvField).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A group present in an area at a month. */
export interface PresentGroup {
  group: string;
  confidence: number;
  source: string;
  /** True when a municipality takes it from its state's entries. */
  inherited: boolean;
}

/**
 * Which groups are where at one month. A municipality with entries of its own active that month has
 * exactly those (a municipal entry lists every group there); otherwise it inherits its state's entries.
 * A state has its own entries plus every group with a municipal entry inside it (highest confidence).
 */
export class Presence {
  constructor(
    readonly month: string,
    private readonly own: Map<string, PresentGroup[]>,
  ) {}

  /** Groups present in an area (2- or 5-digit code). */
  in(area: string): PresentGroup[] {
    if (area.length === 2) return this.inState(area);
    const mine = this.own.get(area);
    if (mine) return mine;
    return (this.own.get(area.slice(0, 2)) ?? []).map((p) => ({ ...p, inherited: true }));
  }

  /** Does the area have entries of its own this month (a municipality then inherits nothing)? */
  hasOwn(area: string): boolean {
    return this.own.has(area);
  }

  /** A state's groups: its own entries and those of its municipalities. */
  inState(state: string): PresentGroup[] {
    const out = new Map<string, PresentGroup>();
    for (const p of this.own.get(state) ?? []) out.set(p.group, p);
    for (const [code, list] of this.own) {
      if (code.length !== 5 || code.slice(0, 2) !== state) continue;
      for (const p of list) {
        const known = out.get(p.group);
        if (!known || known.confidence < p.confidence) out.set(p.group, { ...p, inherited: false });
      }
    }
    return [...out.values()];
  }

  /** Areas with entries of their own this month. */
  areas(): string[] {
    return [...this.own.keys()].sort();
  }

  /** Every group present somewhere this month. */
  groups(): string[] {
    return [...new Set([...this.own.values()].flatMap((l) => l.map((p) => p.group)))].sort();
  }
}

/** Presence at a month (`YYYY-MM` or a month index). Two active entries for a group and area: the higher confidence. */
export function presence(layer: TerritoryLayer, month: string | number): Presence {
  const t = typeof month === 'number' ? month : monthOf(month);
  const own = new Map<string, PresentGroup[]>();
  for (const e of layer.entries) {
    if (!activeAt(e, t)) continue;
    const list = own.get(e.area) ?? [];
    const same = list.findIndex((p) => p.group === e.group);
    const item = { group: e.group, confidence: e.confidence, source: e.source, inherited: false };
    if (same < 0) list.push(item);
    else if (list[same].confidence < e.confidence) list[same] = item;
    own.set(e.area, list);
  }
  return new Presence(monthLabel(t), own);
}

/** The last month a layer dates: the latest start or end of its entries. */
export function lastDatedMonth(layer: TerritoryLayer): string {
  let last = '';
  for (const e of layer.entries) {
    const m = e.end ?? e.start;
    if (m > last) last = m;
  }
  if (!last) throw new DataError(`territory layer ${layer.name} has no entries`);
  return last;
}
