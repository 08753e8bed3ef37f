import type {
  DisruptionMode,
  DisruptionResult,
  DisruptionStep,
  NetworkLayout,
  Role,
} from '../../../src/network/answers.js';

/**
 * The answers of POST /api/network/describe (with `layout: true`) and POST /api/network/disrupt as this
 * page reads them. The shared shapes come from the core's import-free src/network/answers.ts; the
 * describe answer is the part of src/network/describe.ts's the page uses.
 */
export type { DisruptionResult, DisruptionStep, NetworkLayout, Role };

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

export interface DisruptAnswer {
  name: string;
  warnings: string[];
  results: DisruptionResult[];
}

/** What the user chose in the disruption form; sent as the body of /api/network/disrupt. */
export interface DisruptChoice {
  strategies: string[];
  mode: DisruptionMode;
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
