import { mix32 as fmix, hashString } from './rng.js';

/**
 * Counter-based random numbers for events: each draw is a pure function of (key, kind, step, index),
 * not of how many numbers were drawn before. Scenarios of the same run share the key, so a leader removal
 * in week w draws the same number whatever another lever did earlier (common random numbers hold even
 * when scenarios consume different numbers of draws), and results are independent of thread count.
 */
export const DRAW = {
  baselineRemovals: 1,
  kingpinRemovals: 2,
  strikes: 3,
  sweeps: 4,
  split: 5,
  truceCollapse: 6,
  target: 100,
} as const;

export class EventDraws {
  constructor(readonly key: number) {}

  static of(seed: number, run: number, purpose: string): EventDraws {
    return new EventDraws(fmix(fmix(seed ^ 0x5bd1e995) ^ fmix(run + 0x9e3779b9) ^ hashString(purpose)));
  }

  /** Uniform on [0, 1) for one (kind, step, index). */
  uniform(kind: number, step: number, index = 0): number {
    const a = fmix(this.key ^ fmix(Math.imul(kind, 0x9e3779b1) + step));
    const b = fmix(a ^ fmix(Math.imul(index + 1, 0x85ebca77) ^ 0x27d4eb2f));
    const c = fmix(b + 0x165667b1);
    return ((b >>> 5) * 67108864 + (c >>> 6)) / 9007199254740992;
  }

  /** Poisson count by inversion of one uniform (means here are below a few events per step). */
  poisson(kind: number, step: number, mean: number): number {
    if (mean <= 0) return 0;
    const u = this.uniform(kind, step);
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
}
