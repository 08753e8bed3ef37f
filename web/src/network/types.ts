/**
 * The parts of the answers of POST /api/network/describe (with `layout: true`) and POST /api/network/disrupt
 * that this page reads. They mirror src/network/describe.ts, layout-answer.ts and disrupt.ts; those modules
 * pull graphology into the type-check of the browser code, so the shapes are restated here.
 */
export type Role = 'leader' | 'middle' | 'periphery';

export interface NetworkLayout {
  roles: Role[];
  /** Positions in layout units, by node index (the order of `nodes`). */
  x: number[];
  y: number[];
  /** Ties as [i, j] index pairs. */
  edges: [number, number][];
}

export interface DescribeAnswer {
  name: string;
  format: string;
  directed: boolean;
  warnings: string[];
  n: number;
  m: number;
  density: number;
  components: { count: number; largestSize: number };
  nodes: { id: string; degree: number; betweenness: number }[];
  layout: NetworkLayout;
}

interface Spread {
  p05: number;
  p50: number;
  p95: number;
}

export interface DisruptionStep {
  removed: number;
  /** Ids removed at this step, in order; [] at step 0 and for random strategies. */
  removedIds: string[];
  lccRatio: number;
  efficiency: number;
  components: number;
  spread?: { lccRatio: Spread; efficiency: Spread; components: Spread };
}

export interface DisruptionResult {
  strategy: string;
  mode: string;
  blockSize: number;
  draws: number;
  seed: number;
  steps: DisruptionStep[];
}

export interface DisruptAnswer {
  name: string;
  warnings: string[];
  results: DisruptionResult[];
}

/** What the user chose in the disruption form; sent as the body of /api/network/disrupt. */
export interface DisruptChoice {
  strategies: string[];
  mode: 'sequential' | 'block' | 'static';
  blockSize: number;
  draws: number;
  seed: number;
}

/** The file as read in the browser: its text goes to the local server only. */
export interface NetworkFile {
  name: string;
  text: string;
  attributes?: { name: string; text: string };
  idPrefix?: string;
}
