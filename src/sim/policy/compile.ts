import { yearMonthToWeek } from '../calendar.js';
import type { Params } from '../params.js';
import type { Policy } from '../scenario/schema.js';
import type { Effects } from './effects.js';
import { LEVERS, type LeverSpec } from './levers.js';

/** A scenario's policies, compiled to week numbers and ready to write into `Effects` each week. */
export interface CompiledPolicies {
  /**
   * Add the effects of all policies active at `week` to `e` (which the caller resets first); effect sizes
   * the options leave to the parameters come from `p`, the run's draw.
   */
  apply(e: Effects, week: number, p: Params): void;
  /** Public spending the policies active at `week` add to the status quo's, US$ billion a year. */
  spending(p: Params, week: number): number;
  /** True when no policy is ever active. */
  readonly empty: boolean;
  /** False when a policy's lever has no cost (a what-if): the scenario's fiscal cost is then unknown. */
  readonly costed: boolean;
}

interface Compiled {
  spec: LeverSpec;
  options: Record<string, unknown>;
  start: number;
  end: number;
  intensity: number;
  ramp: number;
}

/** Ramp from 0 at the start to full intensity after `rampMonths`, and 0 after the end. */
export function strengthAt(
  c: { start: number; end: number; intensity: number; ramp: number },
  week: number,
): number {
  if (week < c.start || week >= c.end) return 0;
  if (c.ramp <= 0) return c.intensity;
  return c.intensity * Math.min(1, (week - c.start) / c.ramp);
}

export function compilePolicies(policies: readonly Policy[], scenarioStart: string): CompiledPolicies {
  const list: Compiled[] = policies.map((p) => ({
    spec: LEVERS[p.lever] as unknown as LeverSpec,
    options: p.options as Record<string, unknown>,
    start: yearMonthToWeek(p.start ?? scenarioStart),
    end: p.end ? yearMonthToWeek(p.end) : Number.POSITIVE_INFINITY,
    intensity: p.intensity,
    ramp: (p.rampMonths / 12) * (365.2425 / 7),
  }));
  return {
    empty: list.length === 0,
    costed: list.every((c) => c.spec.cost !== undefined),
    apply(e, week, p) {
      for (const c of list) {
        const s = strengthAt(c, week);
        if (s > 0) c.spec.apply(e, s, c.options as never, p);
      }
    },
    spending(p, week) {
      let total = 0;
      for (const c of list) {
        const s = strengthAt(c, week);
        if (s > 0 && c.spec.cost) total += c.spec.cost(s, c.options as never, p);
      }
      return total;
    },
  };
}
