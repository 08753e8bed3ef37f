/**
 * Benchmark of the data layer (`npm run bench:data`): importing everything in ../shared/data from the raw
 * files, and loading the cached panel. Targets on this 2-core machine: import under 30 s, cached load
 * under 1 s. Timing is never part of the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importData } from '../src/data/import.js';
import { findDataDir } from '../src/data/locate.js';
import { readPanel } from '../src/data/panel/cache.js';

const source = findDataDir();
if (!source) {
  console.log('No data folder found (../shared/data or ATALAYA_DATA); nothing to measure.');
  process.exit(0);
}
const home = mkdtempSync(join(tmpdir(), 'atalaya-bench-'));
console.log(
  `Atalaya data benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
);
try {
  const t0 = performance.now();
  const report = importData({ dir: source.dir, home });
  const importSeconds = (performance.now() - t0) / 1000;
  console.log(
    `\nImport of ${source.dir}: ${report.files.length} files, ${report.series} series, ${importSeconds.toFixed(1)} s (target 30 s: ${importSeconds < 30 ? 'met' : 'NOT met'})`,
  );
  for (const f of [...report.files].sort((a, b) => b.milliseconds - a.milliseconds).slice(0, 8)) {
    console.log(`  ${String(f.milliseconds).padStart(6)} ms  ${f.file} (${f.format}, ${f.rows} rows)`);
  }
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    readPanel(home);
    loads.push(performance.now() - t);
  }
  loads.sort((a, b) => a - b);
  console.log(
    `\nCached load: median ${loads[2].toFixed(0)} ms over 5 loads (first ${loads[0].toFixed(0)}–${loads[4].toFixed(0)} ms; target 1 s: ${loads[2] < 1000 ? 'met' : 'NOT met'})`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
