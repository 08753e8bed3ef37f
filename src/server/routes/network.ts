import { z } from 'zod';
import { describeNetwork } from '../../network/describe.js';
import { disrupt } from '../../network/disrupt.js';
import { joinAttributes } from '../../network/formats/attributes.js';
import { MemberLimitError } from '../../network/formats/members.js';
import { compactGraph, type NetworkData } from '../../network/graph.js';
import { networkLayout } from '../../network/layout-answer.js';
import { parseNetwork } from '../../network/load.js';
import { ROLES, type Role, structuralRoles } from '../../network/roles.js';
import { parseStrategy, strategyLabel } from '../../network/strategy.js';
import type { TaskEnv } from '../compute/tasks.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import type { Limits } from '../limits.js';
import { type Route, route } from '../route.js';

/**
 * Criminal networks sent as text (`atalaya network describe|disrupt`): the browser reads the user's file
 * locally and posts its text to this server, which keeps nothing. Bodies are bounded (maxBodyBytes, 413)
 * and so are networks (maxNetworkNodes, 413): the measures run on the compute worker (compute/pool.ts).
 */
const NetworkInput = {
  text: z
    .string()
    .min(1)
    .describe('The network file’s text (edge list, matrix CSV, GraphML, Pajek or UCINET DL)'),
  name: z
    .string()
    .max(200)
    .default('network.csv')
    .describe('The file’s name: its extension helps detect the format; it names the network in messages'),
  format: z.enum(['edgelist', 'matrix', 'graphml', 'pajek', 'dl']).optional().describe('Default: detected'),
  directed: z
    .boolean()
    .optional()
    .describe('Read ties as directed (true) or undirected (false); default per format'),
  columns: z
    .object({ source: z.string(), target: z.string(), weight: z.string().optional() })
    .strict()
    .optional()
    .describe('Edge-list columns, when the header does not say'),
  attributes: z.string().optional().describe('Node attributes CSV text, joined by id'),
  idPrefix: z.string().optional().describe('Attribute ids carry this prefix (N12 = node 12)'),
  idColumn: z.string().optional().describe('Attribute column holding the ids'),
};

const role = z.enum(ROLES as unknown as [Role, ...Role[]]);

export const DescribeBody = z
  .object({
    ...NetworkInput,
    seed: z
      .number()
      .int()
      .min(0)
      .max(4294967295)
      .default(1)
      .describe('Seed of the community detection and of the layout'),
    layout: z
      .boolean()
      .default(false)
      .describe(
        'Add `layout`: structural roles, positions (as `network describe --svg`) and ties, for drawing',
      ),
  })
  .strict();

export function disruptBodySchema(limits: Limits) {
  return z
    .object({
      ...NetworkInput,
      strategies: z
        .array(z.string().min(1))
        .min(1)
        .max(8)
        .default(['betweenness'])
        .describe('degree | betweenness | random | leaders | middle | attribute:NAME=v1,v2, chained with +'),
      mode: z.enum(['sequential', 'block', 'static']).default('sequential'),
      blockSize: z.number().int().min(1).max(100_000).default(1),
      steps: z.number().int().min(1).max(100_000).optional().describe('Default: until the strategy runs out'),
      draws: z
        .number()
        .int()
        .min(1)
        .max(limits.maxDraws)
        .default(100)
        .describe('Replicates of random strategies'),
      seed: z.number().int().min(0).max(4294967295).default(1),
      flow: z.object({ a: role, b: role }).strict().optional().describe('Flow between two roles'),
    })
    .strict();
}

type DescribeBodyInput = z.output<typeof DescribeBody>;
type DisruptBodyInput = z.output<ReturnType<typeof disruptBodySchema>>;

/** The network of a request, bounded: 413 beyond `maxNetworkNodes` members. */
function load(body: DescribeBodyInput, maxNodes: number): NetworkData {
  let data: NetworkData;
  try {
    // The reader stops at the first member past the limit, and checks declared sizes (`*Vertices n`,
    // `DL n=`) before allocating anything: a 60-byte file cannot make the worker size an array by it.
    data = parseNetwork(body.text, body.name, {
      format: body.format,
      directed: body.directed,
      columns: body.columns,
      maxMembers: maxNodes,
    });
  } catch (err) {
    if (err instanceof MemberLimitError) throw tooManyForServer(body.name, maxNodes);
    throw err;
  }
  if (body.attributes !== undefined) {
    data = joinAttributes(data, body.attributes, `${body.name} (attributes)`, {
      idPrefix: body.idPrefix,
      idColumn: body.idColumn,
    });
  }
  // Attributes add no members (unknown ids are warned about), so the reader's limit is the only one needed.
  return data;
}

function tooManyForServer(name: string, maxNodes: number): HttpError {
  return new HttpError(
    413,
    `${name}: the network has more than ${maxNodes} members; this server analyses at most ${maxNodes}`,
    {
      field: 'text',
    },
  );
}

export function networkRoutes(ctx: ServerContext): Route[] {
  const DisruptBody = disruptBodySchema(ctx.limits);
  return [
    route({
      method: 'post',
      path: '/api/network/describe',
      tag: 'network',
      summary: 'Structure, centralities, cores, communities, brokerage (atalaya network describe --json)',
      body: DescribeBody,
      responses: {
        200: {
          description:
            '{ name, format, directed, warnings, n, m, density, …, nodes: [...] }; with `layout: true` also ' +
            '`layout: { roles, x, y, edges }` (by node index, as `nodes`; edges as [i, j] pairs)',
        },
      },
      // A network request is nobody else's: stop its computation when its client goes away.
      handler: ({ body }, c) => ctx.compute.run('networkDescribe', body, { signal: c.req.raw.signal }),
    }),
    route({
      method: 'post',
      path: '/api/network/disrupt',
      tag: 'network',
      summary: 'Remove members by strategy and follow the network (atalaya network disrupt --json)',
      body: DisruptBody,
      responses: {
        200: {
          description:
            '{ name, results: [{ strategy, mode, steps: [{ removed, removedIds, lccRatio, efficiency, ' +
            'components, spread? }] }] }: removedIds lists the members removed at each step, in order ' +
            '(empty for random strategies)',
        },
      },
      // A network request is nobody else's: stop its computation when its client goes away.
      handler: ({ body }, c) => ctx.compute.run('networkDisrupt', body, { signal: c.req.raw.signal }),
    }),
  ];
}

/** Structure, centralities, roles and, on request, the layout (on the compute worker). */
export function networkDescribeTask(env: TaskEnv, body: DescribeBodyInput) {
  const data = load(body, env.limits.maxNetworkNodes);
  return {
    format: data.format,
    directed: data.directed,
    warnings: data.warnings,
    ...describeNetwork(data, { seed: body.seed }),
    ...(body.layout ? { layout: networkLayout(compactGraph(data), { seed: body.seed }) } : {}),
  };
}

/** Each strategy's removals and what is left after each step (on the compute worker). */
export function networkDisruptTask(env: TaskEnv, body: DisruptBodyInput) {
  const data = load({ ...body, layout: false }, env.limits.maxNetworkNodes);
  const g = compactGraph(data);
  const roles = structuralRoles(g).roles;
  const members = (r: Role) => data.nodes.filter((_, v) => roles[v] === r);
  const flow = body.flow ? { a: members(body.flow.a), b: members(body.flow.b) } : undefined;
  const results = body.strategies.map((spec) => ({
    ...disrupt(g, {
      strategy: parseStrategy(spec, data, roles),
      mode: body.mode,
      blockSize: body.blockSize,
      steps: body.steps,
      draws: body.draws,
      seed: body.seed,
      flow,
    }),
    strategy: strategyLabel(spec),
  }));
  return { name: data.name, warnings: data.warnings, results };
}
