import { DataError } from '../../data/errors.js';
import type { NetworkData } from '../graph.js';
import { clip, eachContentLine, parseWeight, whitespaceTokens } from './lines.js';
import { checkDeclaredMembers, type MemberLimitOptions, memberLimit } from './members.js';
import { type DuplicatePolicy, networkData, TieCollector } from './ties.js';

export interface PajekOptions extends MemberLimitOptions {
  /** Force the direction; by default directed when the file has `*Arcs`/`*Arcslist`, else undirected. */
  directed?: boolean;
  duplicates?: DuplicatePolicy;
}

type Section = 'none' | 'vertices' | 'arcs' | 'edges' | 'arcslist' | 'edgeslist' | 'matrix' | 'other';

/**
 * Pajek `.net`: `*Vertices n` then one line per vertex (`number ["label"] [coordinates…]`), then
 * `*Arcs`/`*Edges` (`from to [weight]`), `*Arcslist`/`*Edgeslist` (`from to1 to2 …`) or `*Matrix`
 * (n rows of n values). Node id = the vertex label, or its number when unlabelled; nodes follow the vertex
 * numbers 1…n. `%` starts a comment. A file with arcs is directed; edges in it count in both directions.
 * `*Vertices n` may declare vertices that no line lists (they are isolated members), so n is checked only
 * against the member limit, before the n ids are made.
 */
export function readPajek(text: string, file: string, options: PajekOptions = {}): NetworkData {
  const max = memberLimit(options);
  let empty = true;
  let section: Section = 'none';
  let n = -1;
  let verticesLine = 0;
  let name: string | undefined;
  let ids: string[] = [];
  const labelled = new Map<string, number>();
  const arcs: { from: number; to: number; weight: number; line: number; both: boolean }[] = [];
  let matrixRow = 0;
  let sawArcs = false;
  let undirectedInDirected = 0;
  const warnings: string[] = [];
  const vertex = (raw: string, line: number): number => {
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1 || v > n) {
      throw new DataError(
        `${file}:${line}: vertex "${clip(raw)}" is not a number between 1 and ${n} (from *Vertices ${n})`,
        {
          file,
          line,
        },
      );
    }
    return v - 1;
  };
  for (const { line, text: t } of eachContentLine(text, '%')) {
    empty = false;
    if (t.startsWith('*')) {
      const [word, ...rest] = whitespaceTokens(t, file, line);
      const kind = word.toLowerCase();
      if (kind === '*network') name = rest.join(' ') || undefined;
      else if (kind === '*vertices') {
        // Ties already read refer to the first list's numbers; a .paj project's later networks would mix in.
        if (verticesLine > 0) {
          throw new DataError(
            `${file}:${line}: a second *Vertices line (the first is on line ${verticesLine}): expected one network per file (a Pajek project of several networks is not supported)`,
            { file, line },
          );
        }
        verticesLine = line;
        n = Number(rest[0]);
        if (!Number.isInteger(n) || n < 0) {
          throw new DataError(
            `${file}:${line}: "*Vertices ${clip(rest[0] ?? '')}": expected the number of vertices`,
            {
              file,
              line,
            },
          );
        }
        checkDeclaredMembers(n, { file, line, declared: `*Vertices ${clip(rest[0])}`, max });
        if (rest[1] !== undefined)
          warnings.push(`two-mode network (*Vertices ${n} ${clip(rest[1])}): read as one-mode`);
        ids = Array.from({ length: n }, (_, i) => String(i + 1));
        section = 'vertices';
      } else if (['*arcs', '*edges', '*arcslist', '*edgeslist', '*matrix'].includes(kind)) {
        if (n < 0) throw new DataError(`${file}:${line}: ${clip(word)} before *Vertices`, { file, line });
        section = kind.slice(1) as Section;
        if (kind.startsWith('*arcs') || kind === '*matrix') sawArcs = true;
        matrixRow = 0;
      } else {
        section = 'other';
        warnings.push(`section ${clip(word)} (line ${line}) ignored`);
      }
      continue;
    }
    const tokens = whitespaceTokens(t, file, line);
    if (section === 'none') {
      throw new DataError(
        `${file}:${line}: data before any *Vertices/*Arcs/*Edges line (expected a Pajek .net file)`,
        {
          file,
          line,
        },
      );
    }
    if (section === 'other') continue;
    if (section === 'vertices') {
      const v = vertex(tokens[0], line);
      if (tokens[1] !== undefined) {
        const label = tokens[1];
        if (labelled.has(label)) {
          throw new DataError(
            `${file}:${line}: label "${clip(label)}" also used on line ${labelled.get(label)}; node ids must be unique`,
            {
              file,
              line,
            },
          );
        }
        labelled.set(label, line);
        ids[v] = label;
      }
    } else if (section === 'arcs' || section === 'edges') {
      if (tokens.length < 2)
        throw new DataError(`${file}:${line}: expected "from to [weight]"`, { file, line });
      const weight = tokens[2] === undefined ? 1 : parseWeight(tokens[2], file, line, 'weight (3rd field)');
      arcs.push({
        from: vertex(tokens[0], line),
        to: vertex(tokens[1], line),
        weight,
        line,
        both: section === 'edges',
      });
    } else if (section === 'arcslist' || section === 'edgeslist') {
      const from = vertex(tokens[0], line);
      for (const to of tokens.slice(1)) {
        arcs.push({ from, to: vertex(to, line), weight: 1, line, both: section === 'edgeslist' });
      }
    } else if (section === 'matrix') {
      if (matrixRow >= n) throw new DataError(`${file}:${line}: more than ${n} matrix rows`, { file, line });
      if (tokens.length !== n) {
        throw new DataError(
          `${file}:${line}: matrix row ${matrixRow + 1} has ${tokens.length} values, expected ${n}`,
          {
            file,
            line,
          },
        );
      }
      tokens.forEach((cell, j) => {
        const weight = parseWeight(cell, file, line, `column ${j + 1}`);
        if (weight !== 0) arcs.push({ from: matrixRow, to: j, weight, line, both: false });
      });
      matrixRow++;
    }
  }
  if (empty) throw new DataError(`${file}: empty file (expected a Pajek *Vertices line)`, { file });
  if (n < 0) throw new DataError(`${file}: no *Vertices line (expected a Pajek .net file)`, { file });
  // An unlabelled vertex is named by its number, which another vertex may have taken as its label.
  const clash = firstRepeat(ids);
  if (clash !== undefined) {
    throw new DataError(
      `${file}:${labelled.get(clash) ?? 1}: label "${clip(clash)}" is also the number of an unlabelled vertex; node ids must be unique`,
      {
        file,
        line: labelled.get(clash),
      },
    );
  }
  const directed = options.directed ?? sawArcs;
  const ties = new TieCollector(file, { maxMembers: max });
  for (const id of ids) ties.node(id);
  for (const a of arcs) {
    ties.tie(ids[a.from], ids[a.to], a.weight, a.line);
    if (directed && a.both) {
      undirectedInDirected++;
      ties.tie(ids[a.to], ids[a.from], a.weight, a.line);
    }
  }
  if (undirectedInDirected > 0) {
    warnings.push(
      `${undirectedInDirected} *Edges ties in a directed network: each read as arcs in both directions`,
    );
  }
  const core = ties.finish({ directed, duplicates: options.duplicates });
  return networkData(file, 'pajek', core, { name, warnings });
}

/** The first id that appears twice (linear: a declared vertex list may be long). */
function firstRepeat(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}
