import type { NetworkLayout } from './answers.js';
import type { CompactGraph } from './graph.js';
import { layoutNetwork } from './layout.js';
import { type StructuralRoleOptions, structuralRoles } from './roles.js';

export type { NetworkLayout };

/**
 * What a client needs to draw a network coloured by role, as plain JSON: the structural roles
 * (src/network/roles.ts), the positions of `layoutNetwork` (the same as the SVG maps of the CLI) and the
 * ties, all by node index in the order of the graph's ids. The browser draws it without recomputing
 * anything, so the page and the reports cannot disagree about a member's role or place.
 */

export interface NetworkLayoutOptions extends StructuralRoleOptions {
  /** Seed of the initial positions (default 1). */
  seed?: number;
}

/** Coordinates are rounded to 1/1000 of a unit: far below a pixel, and the answer stays small. */
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * @example
 * const { roles, x, y, edges } = networkLayout(compactGraph(data), { seed: 1 });
 */
export function networkLayout(g: CompactGraph, options: NetworkLayoutOptions = {}): NetworkLayout {
  const { seed = 1, ...roleOptions } = options;
  const { x, y } = layoutNetwork(g, seed);
  const edges: [number, number][] = [];
  for (let v = 0; v < g.n; v++) {
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) if (g.targets[k] > v) edges.push([v, g.targets[k]]);
  }
  return {
    roles: structuralRoles(g, roleOptions).roles,
    x: Array.from(x, round3),
    y: Array.from(y, round3),
    edges,
  };
}
