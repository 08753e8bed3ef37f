import { z } from 'zod';
import { readCsvTable } from '../data/csv-table.js';
import { DataError } from '../data/errors.js';
import { quote } from '../data/formats/quote.js';
import { monthIndex } from '../data/panel/months.js';
import { HISTORY } from '../sim/history.js';
import { groupNameSchema } from './groups.js';

/** What happened to a group. */
export const SHOCK_KINDS = ['leader-removal', 'split', 'rivalry-onset', 'other'] as const;
export type ShockKind = (typeof SHOCK_KINDS)[number];

/**
 * A dated event that happened to an organisation (never modelled as a person). It raises the contestation
 * score where the group is present, decaying with a half-life (see contestation.ts).
 */
export interface Shock {
  /** `YYYY-MM-DD` or `YYYY-MM`; only the month is used. */
  date: string;
  group: string;
  /** Second group of a rivalry onset (from src/sim/history.ts); the shock applies to both. */
  other?: string;
  kind: ShockKind;
  /** 1 = a full event (e.g. top leader removed); HISTORY's strengths are kept. */
  strength: number;
  what?: string;
  source: string;
}

/** Columns of the shocks CSV; `strength` (default 1) and `what` are optional. */
export const SHOCK_COLUMNS = ['date', 'group', 'kind', 'source'] as const;

const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** Month index of a shock's date. */
export function shockMonth(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`"${date}" is not a date (expected YYYY-MM-DD or YYYY-MM)`);
  return monthIndex(Number(m[1]), Number(m[2]));
}

/** The dated shocks of src/sim/history.ts (2013–2024), as territory shocks. */
export function historyShocks(): Shock[] {
  return HISTORY.map((e) => ({
    date: e.date,
    group: e.group,
    other: e.other,
    kind: e.kind,
    strength: e.strength,
    what: e.what,
    source: e.source,
  }));
}

/**
 * Read a shocks CSV: header `date,group,kind,source` (+ optional `strength`, `what`), UTF-8, optional BOM.
 * With `groups`, each group must match one of them (by `groupKey`); errors name file, line and field.
 */
export function readShocksCsv(path: string, options: { groups?: readonly string[] } = {}): Shock[] {
  const table = readCsvTable(path, { required: SHOCK_COLUMNS });
  if (table.rows.length === 0)
    throw new DataError(`${path}: no shocks after the header`, { file: path, line: 2 });
  const schema = z.object({
    date: z.string().refine((d) => DATE_RE.test(d) && Number(d.slice(0, 4)) >= 1990, {
      error: 'expected a date as YYYY-MM-DD or YYYY-MM (from 1990)',
    }),
    group: groupNameSchema(options.groups),
    kind: z.enum(SHOCK_KINDS, { error: `expected one of ${SHOCK_KINDS.join(', ')}` }),
    strength: z
      .string()
      .transform((s) => (s === '' ? 1 : Number(s)))
      .pipe(z.number({ error: 'expected a number from 0 to 1' }).min(0).max(1, { error: 'expected 0 to 1' })),
    what: z.string(),
    source: z.string().min(1, { error: 'expected a citation for the event' }),
  });
  return table.rows.map((raw, i) => {
    const line = table.lines[i];
    const row = Object.fromEntries(
      ['date', 'group', 'kind', 'strength', 'what', 'source'].map((c) => [c, (raw[c] ?? '').trim()]),
    );
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
    const { what, ...rest } = parsed.data;
    return what ? { ...rest, what } : rest;
  });
}
