import { existsSync } from 'node:fs';
import Table from 'cli-table3';
import { Command } from 'commander';
import { writeFileAtomic } from '../../data/atomic-write.js';
import { DataError } from '../../data/errors.js';
import { exportTable, tableToCsv, tableToJson, tableToParquet } from '../../data/export.js';
import { formatIssue, ImportError, importData } from '../../data/import.js';
import { atalayaHome, dataDirCandidates, findDataDir } from '../../data/locate.js';
import { readPanel } from '../../data/panel/cache.js';
import { aggregate, revisions } from '../../data/panel/panel.js';
import type { Level } from '../../data/panel/series.js';
import { pullSource } from '../../data/pull.js';
import { topAreas } from '../../data/rankings.js';
import { REMOTE_SOURCES, remoteSource } from '../../data/sources.js';
import { dataStatus } from '../../data/status.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { UsageError } from '../errors.js';
import { oneOf, positiveInt } from '../options.js';
import { emit } from '../output.js';

interface HomeOption {
  home?: string;
}

const homeOf = (opts: HomeOption) => atalayaHome({ home: opts.home });
const LEVELS = ['national', 'state', 'municipality'] as const;

/**
 * How long `--wait` waits: a full import of shared/data takes about 15 s, so this is many imports queued,
 * or one that hangs; a crashed one is noticed at once (its lock is stale).
 */
const WAIT_S = 30 * 60;

/** A failed import as JSON: what went wrong (reason, message) and what the importer found. */
function failureJson(err: DataError): Record<string, unknown> {
  return {
    ok: false,
    reason: err.reason ?? 'data-error',
    message: err.message,
    ...(err instanceof ImportError
      ? { dropped: err.details.dropped, skipped: err.details.skipped, issues: err.issues }
      : { location: err.location }),
  };
}

export function dataCommand(): Command {
  const cmd = new Command('data').summary('import, inspect, export and download official data');
  const home = (c: Command) =>
    c.option('--home <dir>', 'cache folder (default: ATALAYA_HOME or ~/.cache/atalaya)');

  home(
    cmd
      .command('import')
      .description(
        'read every file of a folder (recognised by content), validate it and build the local cache; on any error the previous cache stays in use',
      )
      .argument('[dir]', 'data folder (default: ../shared/data when present, else ATALAYA_DATA)')
      .option('--keep-going', 'import the good files even if some fail (failures are recorded as errors)')
      .option(
        '--replace',
        'replace the current data even if this import finds nothing usable or drops series the current data has (refused otherwise)',
      )
      .option(
        '--wait',
        `if another import is running on this cache, wait for it to finish (up to ${WAIT_S / 60} minutes) instead of failing`,
      )
      .option(
        '--json',
        'print the import report as JSON (on failure: {"ok": false, "reason", "message", …})',
      ),
  ).action(
    (
      dir: string | undefined,
      opts: HomeOption & { keepGoing?: boolean; replace?: boolean; wait?: boolean; json?: boolean },
    ) => {
      // Default folder: ../shared/data when present, else ATALAYA_DATA.
      const candidates = dataDirCandidates();
      const source =
        dir ?? (candidates.find((c) => c.origin === 'shared' && existsSync(c.dir)) ?? findDataDir())?.dir;
      if (!source)
        throw new UsageError('no data folder: pass one (`atalaya data import DIR`) or set ATALAYA_DATA');
      const tty = process.stderr.isTTY && !opts.json;
      try {
        const report = importData({
          dir: source,
          home: homeOf(opts),
          keepGoing: opts.keepGoing,
          replace: opts.replace,
          wait: opts.wait ? WAIT_S * 1000 : 0,
          onWait: (other) => {
            const who = other ? ` (pid ${other.pid}, started ${other.started})` : '';
            process.stderr.write(`waiting for another import${who} to finish…\n`);
          },
          onFile: (file, i, n) => {
            if (tty) process.stderr.write(`\r\x1b[2K[${i + 1}/${n}] ${file}`);
          },
        });
        if (tty) process.stderr.write('\r\x1b[2K');
        if (opts.json) return emit(JSON.stringify(report, null, 2));
        const warnings = report.issues.filter((i) => i.severity === 'warning');
        const errors = report.issues.filter((i) => i.severity === 'error');
        emit(
          [
            `Imported ${report.files.length} files → ${report.series} series in ${(report.milliseconds / 1000).toFixed(1)} s (cache version ${report.version}).`,
            `${report.skipped.length} files skipped, ${warnings.length} warnings, ${errors.length} errors (kept going).`,
            ...report.issues.map(formatIssue),
            ...report.skipped.map((s) => `skipped: ${s.file}: ${s.reason}`),
          ]
            .filter((l) => !l.endsWith('0 errors (kept going).') || errors.length > 0)
            .join('\n'),
        );
      } catch (err) {
        if (tty) process.stderr.write('\r\x1b[2K');
        if (err instanceof DataError && opts.json) emit(JSON.stringify(failureJson(err), null, 2));
        throw err;
      }
    },
  );

  home(
    cmd
      .command('status')
      .description('what is in the cache: each series with its level, coverage, vintage, rows and warnings')
      .option('--json', 'as JSON'),
  ).action((opts: HomeOption & { json?: boolean }) => {
    const status = dataStatus(readPanel(homeOf(opts)));
    if (opts.json) return emit(JSON.stringify(status, null, 2));
    const { version, created, source, series: rows, issues } = status;
    const t = new Table({
      head: ['series', 'level', 'first', 'last', 'vintage', 'areas', 'rows', 'warnings'],
      style: { head: [], border: [] },
    });
    for (const r of rows)
      t.push([r.id, r.level, r.first, r.last, r.vintage, r.areas, r.rows, r.warnings.length]);
    emit(
      `Cache ${version} (imported ${created} from ${source})\n${t.toString()}\n${issues.map(formatIssue).join('\n')}`,
    );
  });

  home(
    cmd
      .command('export')
      .description('write one series as a long table (area × period)')
      .requiredOption('-s, --series <id>', 'series id (see `atalaya data status`)')
      .option('--vintage <v>', 'vintage (default: the newest)')
      .option(
        '--level <level>',
        'national, state or municipality (aggregated from finer levels)',
        oneOf('--level', LEVELS),
      )
      .option('--freq <freq>', 'month or year', oneOf('--freq', ['month', 'year'] as const), 'month')
      .option('--from <YYYY[-MM]>', 'first period')
      .option('--to <YYYY[-MM]>', 'last period')
      .option('--per-100k', 'rates per 100,000 inhabitants (CONAPO population of each year)')
      .option(
        '--format <format>',
        'csv, json or parquet',
        oneOf('--format', ['csv', 'json', 'parquet'] as const),
        'csv',
      )
      .option('-o, --out <file>', 'output file (default: standard output; required for parquet)'),
  ).action(
    (
      opts: HomeOption & {
        series: string;
        vintage?: string;
        level?: Level;
        freq: 'month' | 'year';
        from?: string;
        to?: string;
        format: 'csv' | 'json' | 'parquet';
        out?: string;
        per100k?: boolean;
      },
    ) => {
      const { panel } = readPanel(homeOf(opts));
      const series = panel.get(opts.series, { vintage: opts.vintage, level: opts.level });
      const table = exportTable(series, panel.areas, {
        level: opts.level,
        freq: opts.freq,
        from: opts.from,
        to: opts.to,
        per100k: opts.per100k,
      });
      if (opts.format === 'parquet') {
        if (!opts.out) throw new UsageError('--format parquet needs --out FILE');
        writeFileAtomic(opts.out, tableToParquet(table));
        process.stderr.write(`wrote ${opts.out} (${table.rows.length} rows)\n`);
        return;
      }
      emit(opts.format === 'json' ? tableToJson(table) : tableToCsv(table), opts.out);
    },
  );

  home(
    cmd
      .command('revisions')
      .description('compare the vintages of a series: which months and areas were revised, by how much')
      .requiredOption('-s, --series <id>', 'series id')
      .option('--level <level>', 'level to compare at', oneOf('--level', LEVELS))
      .option('--json', 'as JSON'),
  ).action((opts: HomeOption & { series: string; level?: Level; json?: boolean }) => {
    const { panel } = readPanel(homeOf(opts));
    const vintages = [...new Set(panel.all(opts.series).map((s) => s.meta.vintage))].sort();
    if (vintages.length < 2) {
      throw new UsageError(
        `series "${opts.series}" has ${vintages.length} vintage(s) (${vintages.join(', ')}); revisions need two`,
      );
    }
    const out = vintages.slice(1).map((v, k) => {
      const before = panel.get(opts.series, { vintage: vintages[k], level: opts.level });
      const after = panel.get(opts.series, { vintage: v, level: opts.level ?? before.meta.level });
      const changes = revisions(aggregate(before, after.meta.level), after);
      return { from: vintages[k], to: v, level: after.meta.level, revised: changes.length, changes };
    });
    if (opts.json) return emit(JSON.stringify({ series: opts.series, comparisons: out }, null, 2));
    emit(
      out
        .map(
          (c) =>
            `${opts.series}: ${c.from} → ${c.to} (${c.level}): ${c.revised} values revised\n${c.changes
              .slice(0, 40)
              .map(
                (x) =>
                  `  ${x.area} ${x.month}: ${x.before} → ${x.after} (${x.after - x.before >= 0 ? '+' : ''}${x.after - x.before})`,
              )
              .join(
                '\n',
              )}${c.changes.length > 40 ? `\n  … ${c.changes.length - 40} more (--json for all)` : ''}`,
        )
        .join('\n\n'),
    );
  });

  home(
    cmd
      .command('top')
      .description('the areas with the most events in a year and their share of the national total')
      .requiredOption('-s, --series <id>', 'series id, e.g. inegi.homicides')
      .requiredOption('-y, --year <year>', 'calendar year', positiveInt('--year', 2100))
      .option('-n, --n <n>', 'how many', positiveInt('--n', 1000), 10)
      .option(
        '--level <level>',
        'municipality (default) or state',
        oneOf('--level', ['state', 'municipality'] as const),
        'municipality',
      )
      .option('--json', 'as JSON'),
  ).action((opts: HomeOption & { series: string; year: number; n: number; level: Level; json?: boolean }) => {
    const { panel } = readPanel(homeOf(opts));
    const ranking = topAreas(panel.get(opts.series, { level: opts.level }), panel.areas, opts.year, opts.n);
    if (opts.json) return emit(JSON.stringify(ranking, null, 2));
    const t = new Table({ head: ['#', 'code', 'name', 'count', 'share'], ...COMPACT_TABLE });
    for (const r of ranking.top)
      t.push([
        r.rank,
        r.area,
        r.name,
        Math.round(r.value).toLocaleString('en-US'),
        `${(r.share * 100).toFixed(1)}%`,
      ]);
    emit(
      `${ranking.series} (${ranking.vintage}), ${ranking.year}${ranking.complete ? '' : ' (incomplete year)'}: national total ${Math.round(ranking.total).toLocaleString('en-US')}\n${t.toString()}\nTop ${ranking.top.length} together: ${(ranking.topShare * 100).toFixed(1)}% of the national total`,
    );
  });

  cmd
    .command('sources')
    .description('list the sources `data pull` can download')
    .action(() => emit(REMOTE_SOURCES.map((s) => `${s.id}  ${s.title}\n  ${s.citation}`).join('\n')));

  home(
    cmd
      .command('pull')
      .description('download sources into the cache (checksums verified; resumes partial downloads)')
      .argument('[source...]', 'source ids (default: all)')
      .option('--mirror <url>', 'fetch the same file names from this base URL (default: ATALAYA_MIRROR)'),
  ).action(async (ids: string[], opts: HomeOption & { mirror?: string }) => {
    const sources = ids.length > 0 ? ids.map(remoteSource) : [...REMOTE_SOURCES];
    for (const source of sources) {
      const files = await pullSource(source, {
        home: homeOf(opts),
        baseUrl: opts.mirror,
        onProgress: (file, got, total) => {
          if (process.stderr.isTTY) {
            const pct = total ? ` ${Math.round((100 * got) / total)}%` : '';
            process.stderr.write(
              `\r\x1b[2K${file}: ${(got / 1024).toFixed(0)} kB${total ? ` of ${(total / 1024).toFixed(0)} kB` : ''}${pct}`,
            );
          }
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      emit(files.map((f) => `${source.id}: ${f.name} ${f.status} (${f.bytes} bytes) → ${f.path}`).join('\n'));
    }
  });
  return cmd;
}
