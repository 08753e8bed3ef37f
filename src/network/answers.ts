/**
 * The shapes of the network answers (`atalaya network … --json` and the API), with no imports, so that the
 * web dashboard uses the very same types (and role order) without pulling the graph code into its type-check.
 */

/** Structural roles (roles.ts), in the order tables and legends list them. */
export type Role = 'leader' | 'middle' | 'periphery';
export const ROLES: readonly Role[] = ['leader', 'middle', 'periphery'];

export type DisruptionMode = 'sequential' | 'block' | 'static';

export interface Spread {
  p05: number;
  p50: number;
  p95: number;
}

export interface DisruptionStep {
  /** Nodes removed so far (0 = intact). */
  removed: number;
  /** Ids removed at this step, in removal order; [] at step 0 and when random draws disagree. */
  removedIds: string[];
  /** Size of the largest component / its size in the intact graph (mean over draws). */
  lccRatio: number;
  /** Global efficiency of the remaining graph (mean over draws). */
  efficiency: number;
  /** Number of connected components among present nodes (mean over draws). */
  components: number;
  /** Connected (A, B) pairs / connected (A, B) pairs in the intact graph, when role sets are given. */
  flow?: number;
  /** 5/50/95% quantiles over draws (random strategies only). */
  spread?: { lccRatio: Spread; efficiency: Spread; components: Spread; flow?: Spread };
}

export interface DisruptionResult {
  /** Phases joined with '+', e.g. 'attribute+betweenness'. */
  strategy: string;
  mode: DisruptionMode;
  blockSize: number;
  draws: number;
  seed: number;
  /** Largest component and efficiency of the intact graph (the references of the ratios). */
  lccBefore: number;
  efficiencyBefore: number;
  steps: DisruptionStep[];
}

export interface NetworkLayout {
  roles: Role[];
  /** Positions in layout units (an isolated member takes about one unit square); y grows downwards. */
  x: number[];
  y: number[];
  /** Undirected ties as [i, j] index pairs, i < j, each once. */
  edges: [number, number][];
}
