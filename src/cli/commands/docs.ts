import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { writeFileAtomic } from '../../data/atomic-write.js';
import { packageRoot } from '../../data/locate.js';
import { range90 } from '../../sim/distributions.js';
import { PARAMS, type ParamId, type ParamSpec } from '../../sim/params.js';
import { LEVERS } from '../../sim/policy/levers.js';
import { leversMarkdown, paramsMarkdown } from './model.js';

/** Regenerate the tables of docs/MODEL.md from the code, so the docs always match it. */
export function modelDocTables(): { params: string; levers: string } {
  const params = paramsMarkdown(
    (Object.entries(PARAMS) as [ParamId, ParamSpec][]).map(([id, p]) => ({
      id,
      ...p,
      range90: range90(p.dist, p.value),
    })),
  );
  const levers = leversMarkdown(
    Object.values(LEVERS).map((l) => ({
      id: l.id,
      title: l.title,
      description: l.description,
      evidence: l.evidence,
      options: Object.fromEntries(
        Object.entries(l.options.shape).map(([k, v]) => [
          k,
          {
            description: (v as { description?: string }).description,
            default: (v as { parse: (x: unknown) => unknown }).parse(undefined),
          },
        ]),
      ),
    })),
  );
  return { params, levers };
}

export function fillMarkers(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

export function docsCommand(): Command {
  return new Command('docs').summary('regenerate the generated parts of docs/MODEL.md').action(() => {
    const path = join(packageRoot(), 'docs', 'MODEL.md');
    const tables = modelDocTables();
    let text = readFileSync(path, 'utf8');
    text = fillMarkers(text, 'params', tables.params);
    text = fillMarkers(text, 'levers', tables.levers);
    writeFileAtomic(path, text);
    process.stderr.write(`updated ${path}\n`);
  });
}
