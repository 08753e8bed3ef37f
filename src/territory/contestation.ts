import type { AreaRegistry } from '../data/areas.js';
import { QueryError } from '../data/errors.js';
import { monthLabel } from '../data/panel/months.js';
import { STATES, stateByCode } from '../data/states.js';
import { groupKey } from './groups.js';
import {
  activeAt,
  type LayerRivalry,
  monthOf,
  type Presence,
  presence,
  type TerritoryLayer,
} from './layer.js';
import { type Shock, shockMonth } from './shocks.js';

/**
 * Contestation: how much rival organisations meet in an area at a month. Per area a and month t:
 *
 *   same-area(a)  = Σ over rival pairs {g,h} both present in a        c_g · c_h · w_gh
 *   border(a)     = β · Σ over g in a, rival h held next door, h ∉ a   c_g · max_{b ~ a} c_h(b) · w_gh
 *   shock(a)      = σ · Σ over shocks e to a group g present in a      s_e · c_g · 2^(−(t − t_e)/H), t ≥ t_e
 *   score(a)      = same-area + border + shock;  contested when score > θ
 *
 * c = the layer's confidence, w = rivalry weight normalised to 0–1, b ~ a = areas sharing a border with a
 * (INEGI municipal adjacency, or state adjacency at state level). With a state-level layer, municipalities
 * inherit their state's groups, so within a state only municipalities on its border with another state get a
 * border term, from the groups of the state next door. Each rival held next door counts once (its best
 * neighbouring confidence), however many neighbours hold it. The weights β, σ, H and θ are ASSUMPTIONS, see
 * DEFAULT_WEIGHTS and docs/TERRITORY.md.
 */
export type TerritoryLevel = 'municipality' | 'state';

export interface ContestationWeights {
  /** β: a rival held next door counts this much of one in the same area. */
  border: number;
  /** σ: score a strength-1 shock adds, in its month, where the group is held with confidence 1. */
  shock: number;
  /** H: months for a shock's effect to halve. */
  halfLifeMonths: number;
  /** θ: an area is contested when its score is above this. */
  threshold: number;
}

/**
 * ASSUMPTIONS, not estimates:
 * - border 0.5: a frontier with a rival is less than sharing the area with it; half is a round middle.
 * - shock 0.5 and half-life 3 months: Calderón, Robles, Díaz-Cayeros & Magaloni (2015), "The Beheading of
 *   Criminal Organizations and the Dynamics of Violence in Mexico", J. Conflict Resolution 59(8):1455–1485,
 *   find that violence rises in the ~6 months after a leader's capture or killing, in the municipality
 *   and its neighbours. With H = 3 an effect keeps a quarter of its size after 6 months and 1/16 after 12.
 *   σ = 0.5 makes a full blow to a group held with confidence 0.7 (0.35) about the size of two rivals
 *   sharing an area at 0.6 confidence and full weight (0.36).
 * - threshold 0.1: a tenth of a certain, full-weight war in the same area; e.g. two rivals held at ≥ 0.32
 *   confidence each, or a full-weight rival next door at 0.45 × 0.45.
 */
export const DEFAULT_WEIGHTS: Readonly<ContestationWeights> = {
  border: 0.5,
  shock: 0.5,
  halfLifeMonths: 3,
  threshold: 0.1,
};

export interface ContestationInput {
  layer: TerritoryLayer;
  /** Rivalries between the layer's groups (default: the layer's own, else none). */
  rivalries?: readonly LayerRivalry[];
  shocks?: readonly Shock[];
  /** Municipalities and their adjacency: required at municipality level. */
  areas?: AreaRegistry;
}

export interface ContestationOptions {
  level?: TerritoryLevel;
  weights?: Partial<ContestationWeights>;
  /** How many rival pairs and shocks to keep per area as its "why" (default 3). */
  top?: number;
}

/** One rival pair's share of an area's score. `group` is in the area; `rival` too, or next door. */
export interface RivalPairContribution {
  group: string;
  rival: string;
  kind: 'same-area' | 'border';
  /** Confidence of `group` in the area and of `rival` (in the area, or its best neighbouring one). */
  confidence: number;
  rivalConfidence: number;
  weight: number;
  value: number;
  /** For a border pair: the neighbouring area where the rival is held with that confidence. */
  neighbour?: string;
}

export interface ShockContribution {
  group: string;
  kind: Shock['kind'];
  date: string;
  what?: string;
  source: string;
  value: number;
}

export interface AreaContestation {
  area: string;
  name: string;
  score: number;
  components: { sameArea: number; border: number; shock: number };
  contested: boolean;
  /** Largest rival pairs first (at most `top`). */
  pairs: RivalPairContribution[];
  shocks: ShockContribution[];
}

export interface ContestationResult {
  month: string;
  level: TerritoryLevel;
  layer: string;
  weights: ContestationWeights;
  /** Every area of the level, in code order. */
  areas: AreaContestation[];
  contestedCount: number;
}

/** Contestation of every area at one month (`YYYY-MM`), with the pairs and shocks behind each score. */
export function contestation(
  input: ContestationInput,
  month: string,
  options: ContestationOptions = {},
): ContestationResult {
  const model = new Model(input, options);
  const t = monthOf(month);
  const top = options.top ?? 3;
  const state = model.month(t);
  const areas = model.frame.codes.map((code, i): AreaContestation => {
    const why = model.scoreArea(state, i, t, true);
    const score = why.sameArea + why.border + why.shock;
    return {
      area: code,
      name: areaName(code, input.areas),
      score,
      components: { sameArea: why.sameArea, border: why.border, shock: why.shock },
      contested: score > model.weights.threshold,
      pairs: why.pairs.sort((x, y) => y.value - x.value).slice(0, top),
      shocks: why.shocks.sort((x, y) => y.value - x.value).slice(0, top),
    };
  });
  return {
    month: monthLabel(t),
    level: model.frame.level,
    layer: input.layer.name,
    weights: model.weights,
    areas,
    contestedCount: areas.filter((a) => a.contested).length,
  };
}

/** Areas with a positive score, highest first (ties by code), at most `top`. */
export function rankAreas(result: ContestationResult, top = Number.POSITIVE_INFINITY): AreaContestation[] {
  return result.areas
    .filter((a) => a.score > 0)
    .sort((x, y) => y.score - x.score || x.area.localeCompare(y.area))
    .slice(0, top);
}

/** Scores for every area and month of a range, area-major (`codes.length × months`), without the "why". */
export interface ContestationSeries {
  level: TerritoryLevel;
  codes: string[];
  /** Month index of column 0 (0 = 1990-01). */
  start: number;
  months: number;
  score: Float64Array;
  sameArea: Float64Array;
  border: Float64Array;
  shock: Float64Array;
  weights: ContestationWeights;
}

export function contestationSeries(
  input: ContestationInput,
  range: { from: string; to: string },
  options: ContestationOptions = {},
): ContestationSeries {
  const model = new Model(input, options);
  const start = monthOf(range.from);
  const months = monthOf(range.to) - start + 1;
  if (months < 1) throw new QueryError(`month range ${range.from}..${range.to} is empty (from after to)`);
  const n = model.frame.codes.length;
  const out = {
    score: new Float64Array(n * months),
    sameArea: new Float64Array(n * months),
    border: new Float64Array(n * months),
    shock: new Float64Array(n * months),
  };
  for (let k = 0; k < months; k++) {
    const state = model.month(start + k);
    for (let i = 0; i < n; i++) {
      const s = model.scoreArea(state, i, start + k, false);
      const cell = i * months + k;
      out.sameArea[cell] = s.sameArea;
      out.border[cell] = s.border;
      out.shock[cell] = s.shock;
      out.score[cell] = s.sameArea + s.border + s.shock;
    }
  }
  return {
    level: model.frame.level,
    codes: model.frame.codes,
    start,
    months,
    ...out,
    weights: model.weights,
  };
}

/** Areas of a level and who borders whom (CSR over `codes`). */
interface Frame {
  level: TerritoryLevel;
  codes: string[];
  ptr: Int32Array;
  idx: Int32Array;
}

function stateFrame(): Frame {
  const codes = STATES.map((s) => s.code);
  const at = new Map(codes.map((c, i) => [c, i]));
  return csr('state', codes, (i) => STATES[i].neighbors.map((c) => at.get(c)!));
}

function municipalFrame(areas: AreaRegistry | undefined): Frame {
  if (!areas?.hasMunicipalities) {
    throw new QueryError(
      'municipal contestation needs the municipal references and adjacency (run `atalaya data import`); or use level state',
    );
  }
  const codes = [...areas.municipalities.keys()].sort();
  const at = new Map(codes.map((c, i) => [c, i]));
  const adjIndex = new Map(areas.adjacencyCodes.map((c, i) => [c, i]));
  return csr('municipality', codes, (i) => {
    const k = adjIndex.get(codes[i]);
    if (k === undefined) return [];
    const out: number[] = [];
    for (let p = areas.adjacencyPtr[k]; p < areas.adjacencyPtr[k + 1]; p++) {
      const j = at.get(areas.adjacencyCodes[areas.adjacencyIdx[p]]);
      if (j !== undefined) out.push(j);
    }
    return out;
  });
}

function csr(level: TerritoryLevel, codes: string[], neighbours: (i: number) => number[]): Frame {
  const lists = codes.map((_, i) => neighbours(i));
  const ptr = new Int32Array(codes.length + 1);
  lists.forEach((l, i) => {
    ptr[i + 1] = ptr[i] + l.length;
  });
  const idx = new Int32Array(ptr[codes.length]);
  lists.forEach((l, i) => {
    idx.set(l, ptr[i]);
  });
  return { level, codes, ptr, idx };
}

/** A group held in an area: group id and confidence. */
interface Held {
  g: number;
  c: number;
}

interface MonthState {
  /** Groups held in each area of the frame (arrays may be shared between areas of one state). */
  held: Held[][];
  /** Active rivalries: group → rival → normalised weight. */
  rivals: Map<number, Map<number, number>>;
  /** Shocks that have happened by this month: group ids, strength, month. */
  shocks: { e: Shock; groups: number[]; t: number }[];
}

interface AreaScore {
  sameArea: number;
  border: number;
  shock: number;
  pairs: RivalPairContribution[];
  shocks: ShockContribution[];
}

/** The layer, rivalries and shocks resolved to group ids over a frame of areas. */
class Model {
  readonly frame: Frame;
  readonly weights: ContestationWeights;
  private readonly ids = new Map<string, number>();
  private readonly labels: string[] = [];
  private readonly rivalries: { a: number; b: number; r: LayerRivalry }[];
  private readonly shocks: { e: Shock; groups: number[]; t: number }[];

  constructor(
    private readonly input: ContestationInput,
    options: ContestationOptions,
  ) {
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.frame = (options.level ?? 'municipality') === 'state' ? stateFrame() : municipalFrame(input.areas);
    for (const e of input.layer.entries) this.id(e.group, true);
    this.rivalries = (input.rivalries ?? input.layer.rivalries ?? []).flatMap((r) => {
      const a = this.id(r.a, false);
      const b = this.id(r.b, false);
      return a === undefined || b === undefined || a === b ? [] : [{ a, b, r }];
    });
    this.shocks = (input.shocks ?? []).map((e) => ({
      e,
      t: shockMonth(e.date),
      groups: [e.group, e.other]
        .filter((g): g is string => !!g)
        .map((g) => this.id(g, false))
        .filter((g): g is number => g !== undefined),
    }));
  }

  /**
   * Group id: a layer group by its exact name; a rivalry or shock names one by its exact name, else by its
   * `groupKey` when that fits exactly one layer group (an absent or ambiguous name is ignored).
   */
  private id(name: string, create: boolean): number | undefined {
    const known = this.ids.get(name);
    if (known !== undefined || !create) return known ?? this.byKey(name);
    this.ids.set(name, this.labels.length);
    this.labels.push(name);
    return this.labels.length - 1;
  }

  private byKey(name: string): number | undefined {
    const key = groupKey(name);
    const hits = this.labels.flatMap((label, i) => (groupKey(label) === key ? [i] : []));
    return hits.length === 1 ? hits[0] : undefined;
  }

  month(t: number): MonthState {
    const p = presence(this.input.layer, t);
    const rivals = new Map<number, Map<number, number>>();
    const link = (x: number, y: number, w: number) => {
      const row = rivals.get(x) ?? new Map<number, number>();
      row.set(y, Math.max(row.get(y) ?? 0, w));
      rivals.set(x, row);
    };
    for (const { a, b, r } of this.rivalries) {
      if (!activeAt(r, t) || r.weight <= 0) continue;
      link(a, b, r.weight);
      link(b, a, r.weight);
    }
    return { held: this.heldByArea(p), rivals, shocks: this.shocks.filter((s) => s.t <= t) };
  }

  private heldByArea(p: Presence): Held[][] {
    const toHeld = (list: { group: string; confidence: number }[]): Held[] => {
      const best = new Map<number, number>();
      for (const x of list) {
        const g = this.id(x.group, false)!;
        best.set(g, Math.max(best.get(g) ?? 0, x.confidence));
      }
      return [...best].map(([g, c]) => ({ g, c }));
    };
    const byState = new Map<string, Held[]>();
    return this.frame.codes.map((code) => {
      if (this.frame.level === 'state' || p.hasOwn(code)) return toHeld(p.in(code));
      const state = code.slice(0, 2);
      let list = byState.get(state);
      if (!list) {
        list = toHeld(p.in(code));
        byState.set(state, list);
      }
      return list;
    });
  }

  scoreArea(state: MonthState, i: number, t: number, explain: boolean): AreaScore {
    const out: AreaScore = { sameArea: 0, border: 0, shock: 0, pairs: [], shocks: [] };
    const here = state.held[i];
    if (here.length === 0) return out;
    this.addSameArea(state, here, out, explain);
    this.addBorder(state, i, here, out, explain);
    this.addShocks(state, here, t, out, explain);
    return out;
  }

  private addSameArea(state: MonthState, here: Held[], out: AreaScore, explain: boolean): void {
    for (let x = 0; x < here.length; x++) {
      const row = state.rivals.get(here[x].g);
      if (!row) continue;
      for (let y = x + 1; y < here.length; y++) {
        const w = row.get(here[y].g);
        if (!w) continue;
        const value = here[x].c * here[y].c * w;
        out.sameArea += value;
        if (explain) out.pairs.push(this.pair(here[x], here[y], w, value, 'same-area'));
      }
    }
  }

  private addBorder(state: MonthState, i: number, here: Held[], out: AreaScore, explain: boolean): void {
    const { ptr } = this.frame;
    if (ptr[i] === ptr[i + 1]) return;
    const present = new Set(here.map((h) => h.g));
    // Best confidence of each group over the neighbours (and where), only for groups that matter here.
    let next: Map<number, { c: number; area: number }> | undefined;
    for (const h of here) {
      const row = state.rivals.get(h.g);
      if (!row) continue;
      next ??= this.neighbourBest(state, i);
      for (const [r, w] of row) {
        const n = next.get(r);
        if (!n || present.has(r)) continue;
        const value = this.weights.border * h.c * n.c * w;
        out.border += value;
        if (explain) {
          out.pairs.push({
            ...this.pair(h, { g: r, c: n.c }, w, value, 'border'),
            neighbour: this.frame.codes[n.area],
          });
        }
      }
    }
  }

  private neighbourBest(state: MonthState, i: number): Map<number, { c: number; area: number }> {
    const best = new Map<number, { c: number; area: number }>();
    for (let p = this.frame.ptr[i]; p < this.frame.ptr[i + 1]; p++) {
      const j = this.frame.idx[p];
      for (const h of state.held[j]) {
        const known = best.get(h.g);
        if (!known || known.c < h.c) best.set(h.g, { c: h.c, area: j });
      }
    }
    return best;
  }

  private addShocks(state: MonthState, here: Held[], t: number, out: AreaScore, explain: boolean): void {
    const { shock: sigma, halfLifeMonths: H } = this.weights;
    for (const s of state.shocks) {
      const decay = 2 ** (-(t - s.t) / H);
      for (const g of s.groups) {
        const h = here.find((x) => x.g === g);
        if (!h) continue;
        const value = sigma * s.e.strength * h.c * decay;
        out.shock += value;
        if (explain) {
          out.shocks.push({
            group: this.labels[g],
            kind: s.e.kind,
            date: s.e.date,
            what: s.e.what,
            source: s.e.source,
            value,
          });
        }
      }
    }
  }

  private pair(
    a: Held,
    b: Held,
    weight: number,
    value: number,
    kind: RivalPairContribution['kind'],
  ): RivalPairContribution {
    return {
      group: this.labels[a.g],
      rival: this.labels[b.g],
      kind,
      confidence: a.c,
      rivalConfidence: b.c,
      weight,
      value,
    };
  }
}

/** "Juárez (CHIH)" for a municipality, the state's name for a state. */
export function areaName(code: string, areas: AreaRegistry | undefined): string {
  const state = stateByCode(code.slice(0, 2));
  if (code.length === 2) return state?.name ?? code;
  const name = areas?.municipalities.get(code)?.name ?? code;
  return state ? `${name} (${state.abbr})` : name;
}
