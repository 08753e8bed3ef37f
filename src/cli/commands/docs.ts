import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { writeFileAtomic } from '../../data/atomic-write.js';
import { packageRoot } from '../../data/locate.js';
import { leversMarkdown, paramsMarkdown } from '../../report/model-doc.js';
import { describeLevers, describeParams } from '../../sim/describe.js';

/** The generated parts of docs/MODEL.md, so that the docs always match the code. */
export function modelDocTables(): { params: string; levers: string } {
  return { params: paramsMarkdown(describeParams()), levers: leversMarkdown(describeLevers()) };
}

/** Replace what stands between `<!-- name:start -->` and `<!-- name:end -->`. */
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
    const text = fillMarkers(
      fillMarkers(readFileSync(path, 'utf8'), 'params', tables.params),
      'levers',
      tables.levers,
    );
    writeFileAtomic(path, text);
    process.stderr.write(`updated ${path}\n`);
  });
}
