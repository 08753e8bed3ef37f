import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { quote } from '../../src/data/formats/quote.js';
import { formatIssue, ImportError, importData } from '../../src/data/import.js';
import { currentVersion, panelDir, readPanel } from '../../src/data/panel/cache.js';
import { runAtalaya } from '../helpers/run-main.js';

/**
 * `atalaya data import` against hostile folders, full disks, read-only caches and concurrent imports.
 * The rule under test: the data in use is never replaced by less data unless asked (`--replace`), never
 * half-written, never pruned away, and every failure is a DataError (exit status 2) that says what
 * happened and that the previous data is unchanged.
 *
 * File-system failures (ENOSPC, EROFS) are injected by mocking node:fs for this file: every function
 * passes through to the real one unless a test sets `faults.rule`, which makes one function fail with an
 * errno code on paths matching a pattern.
 */
const faults = vi.hoisted(() => ({
  rule: undefined as
    | undefined
    | { fn: 'openSync' | 'writeSync' | 'mkdirSync' | 'renameSync'; match: RegExp; code: string },
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const opened = new Map<number, string>();
  const check = (fn: string, path: unknown) => {
    const r = faults.rule;
    if (r && r.fn === fn && r.match.test(String(path))) {
      throw Object.assign(new Error(`${r.code}: simulated failure, ${fn} '${String(path)}'`), {
        code: r.code,
        syscall: fn,
        path: String(path),
      });
    }
  };
  const mocked = {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      check('openSync', args[0]);
      const fd = fs.openSync(...args);
      opened.set(fd, String(args[0]));
      return fd;
    },
    writeSync: (...args: Parameters<typeof fs.writeSync>) => {
      check('writeSync', opened.get(args[0]));
      return (fs.writeSync as (...a: unknown[]) => number)(...args);
    },
    mkdirSync: (...args: Parameters<typeof fs.mkdirSync>) => {
      check('mkdirSync', args[0]);
      return fs.mkdirSync(...args);
    },
    renameSync: (...args: Parameters<typeof fs.renameSync>) => {
      check('renameSync', args[1]);
      return fs.renameSync(...args);
    },
  };
  return { ...mocked, default: mocked };
});

// ---------------------------------------------------------------------------------------------------------
// Fixtures: a small good folder (two series) in formats the readers accept.

const INEGI_STATE =
  'cve_ent|year|month|homicides|pop_est|homicide_rate\n01|2020|1|5|1|1\n01|2020|2|6|1|1\n02|2020|1|7|1|1\n02|2020|2|8|1|1\n';
const RNPDNO =
  'cvegeo,cve_estado,state,cve_mun,municipality,male,female,undefined,total,year,month,status_id\n' +
  '01001,01,x,001,x,1,0,0,1,2020,1,0\n01001,01,x,001,x,0,1,0,1,2020,2,0\n';
const GOOD_IDS = ['inegi.homicides', 'rnpdno.total'];

const temporary: string[] = [];
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});
afterEach(() => {
  faults.rule = undefined;
});

function folder(files: Record<string, string | Buffer>): string {
  const dir = tmp('atalaya-hostile-data-');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const goodFolder = () => folder({ 'inegi-state.csv': INEGI_STATE, 'rnpdno.csv': RNPDNO });

/** A home holding one good import; returns it with the version name. */
function goodHome(): { home: string; version: string } {
  const home = tmp('atalaya-hostile-home-');
  const { version, series } = importData({ dir: goodFolder(), home });
  expect(series).toBe(2);
  return { home, version };
}

/** The error `fn` throws (the test fails if it returns). */
function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the import to fail');
}

const versions = (home: string) =>
  readdirSync(panelDir(home))
    .filter((f) => f.startsWith('v-'))
    .sort();

/** The good data is still what is in use, whole and readable. */
function expectGoodInUse(home: string, version: string): void {
  expect(currentVersion(home)).toBe(version);
  expect(existsSync(join(panelDir(home), version, 'values.f64'))).toBe(true);
  const { panel } = readPanel(home);
  expect([...new Set(panel.series.map((s) => s.meta.id))].sort()).toEqual(GOOD_IDS);
  expect(readdirSync(panelDir(home)).filter((f) => f.startsWith('.tmp-') || f === '.lock')).toEqual([]);
}

/** Deterministic "random" bytes (xorshift), with NULs scattered as in any binary file. */
function randomBinary(n: number, seed = 12345): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out[0] = 0x00; // never a gzip or bzip2 signature
  return out;
}

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const FIFTY_MB = 50_000_000;
let fiftyMbDir: string | undefined;
/** One folder with a 50 MB single line (no newline), made once: it is slow to write. */
function fiftyMbLine(): string {
  if (!fiftyMbDir) fiftyMbDir = folder({ 'one-line.csv': 'abcdefghi,'.repeat(FIFTY_MB / 10) });
  return fiftyMbDir;
}

const BAD: { name: string; dir: () => string; why: RegExp }[] = [
  { name: 'an empty folder', dir: () => folder({}), why: /0 files imported, 0 series; 0 skipped/ },
  {
    name: 'only a 0-byte file',
    dir: () => folder({ 'empty.csv': '' }),
    why: /empty\.csv: empty file \(0 bytes\)/,
  },
  {
    name: 'only a whitespace file',
    dir: () => folder({ 'blank.csv': ' \n\t\r\n' }),
    why: /blank\.csv: empty file \(only whitespace, 5 bytes\)/,
  },
  {
    name: 'only random binary',
    dir: () => folder({ 'data.bin': randomBinary(64 * 1024) }),
    why: /data\.bin: binary file \(not text data\)/,
  },
  {
    name: 'only BOM-less UTF-16 LE',
    dir: () => folder({ 'utf16.csv': Buffer.from(INEGI_STATE, 'utf16le') }),
    why: /utf16\.csv: UTF-16 text \(little-endian, no byte-order mark; begins "cve_ent\|year\|month\|homicides/,
  },
  {
    name: 'only BOM-less UTF-16 BE',
    dir: () => folder({ 'utf16.csv': utf16be(INEGI_STATE) }),
    why: /utf16\.csv: UTF-16 text \(big-endian, no byte-order mark; begins "cve_ent\|year\|month\|homicides/,
  },
  {
    name: 'only a 50 MB single line',
    dir: fiftyMbLine,
    why: /one-line\.csv: unrecognised format \(no reader knows this header: "abcdefghi,.*…" \(50,000,000 characters\)\)/,
  },
];

// ---------------------------------------------------------------------------------------------------------

describe('an import that finds nothing usable never replaces the data (fault 1)', () => {
  for (const bad of BAD) {
    it(`${bad.name}: refused on an empty cache, which stays empty`, () => {
      const home = tmp('atalaya-hostile-home-');
      const err = failure(() => importData({ dir: bad.dir(), home }));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toMatch(bad.why);
      expect(err.message).not.toMatch(/binary/.test(bad.name) ? /UTF-16/ : /binary data/);
      expect(err.message.length).toBeLessThan(3000);
      expect(currentVersion(home)).toBeUndefined();
    });

    it(`${bad.name}: refused after a good import, naming what would be lost; the good data stays in use`, () => {
      const { home, version } = goodHome();
      const err = failure(() => importData({ dir: bad.dir(), home }));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toMatch(/the previous data is unchanged/);
      expect(err.message).toMatch(bad.why);
      if (!/UTF-16/.test(bad.name)) {
        // UTF-16 is an error (the import fails); the others are refusals listing the dropped ids.
        expect(err.message).toMatch(/nothing usable .*: no file could be imported/);
        expect((err as DataError).reason).toBe('would-lose-data');
        expect((err as ImportError).details.dropped).toEqual(GOOD_IDS);
      }
      expectGoodInUse(home, version);
    });
  }

  it('two bad imports in a row after a good one leave the good version current and on disk', () => {
    const { home, version } = goodHome();
    for (const dir of [folder({}), folder({ 'x.bin': randomBinary(4096) }), folder({ 'e.csv': '' })]) {
      expect(() => importData({ dir, home })).toThrow(DataError);
      expectGoodInUse(home, version);
      expect(versions(home)).toEqual([version]);
    }
  });

  it('an import that drops some series ids is refused, listing them with the count', () => {
    const { home, version } = goodHome();
    const err = failure(() => importData({ dir: folder({ 'inegi-state.csv': INEGI_STATE }), home }));
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(/would drop 1 of the 2 series ids the current data has: rnpdno\.total;/);
    expect(err.message).toMatch(
      /the previous data is unchanged \(version v-.*, 2 series ids\)\. Pass --replace/,
    );
    expectGoodInUse(home, version);
  });

  it('the list of dropped ids is capped, with the count', () => {
    const home = tmp('atalaya-hostile-home-');
    const crimes = Array.from({ length: 25 }, (_, k) => `Delito ${String(k + 1).padStart(2, '0')}`);
    const rows = crimes.map((c) => `2020-01-01,Aguascalientes,${c},3`);
    importData({
      dir: folder({ 'victims.csv': ['isodate,entidad,delito,total', ...rows].join('\n') }),
      home,
    });
    const err = failure(() => importData({ dir: folder({}), home }));
    expect((err as ImportError).details.dropped).toHaveLength(25);
    expect(err.message).toMatch(/nothing usable/);
    const many = failure(() => importData({ dir: folder({ 'inegi.csv': INEGI_STATE }), home }));
    expect(many.message).toMatch(
      /would drop 25 of the 25 series ids .*sesnsp\.victims\.delito-20, … \(5 more\)/,
    );
    expect(many.message).not.toMatch(/delito-21/);
  });

  it('--replace does replace; pruning always keeps the last import that had series', () => {
    const { home, version: good } = goodHome();
    const first = importData({ dir: folder({}), home, replace: true });
    expect(first.series).toBe(0);
    expect(currentVersion(home)).toBe(first.version);
    expect(readPanel(home).panel.series).toHaveLength(0);
    const second = importData({ dir: folder({ 'x.bin': randomBinary(100) }), home, replace: true });
    const third = importData({ dir: folder({ 'e.csv': '' }), home, replace: true });
    // Current, the one it replaced, and the newest with series: the good data survives any number of
    // empty replacements, and can be put back by writing its name to CURRENT.
    expect(versions(home)).toEqual([good, second.version, third.version].sort());
    writeFileSync(join(panelDir(home), 'CURRENT'), good);
    expectGoodInUse(home, good);
    const again = importData({ dir: goodFolder(), home });
    expect(versions(home)).toEqual([good, again.version].sort());
  });

  it('a reference-only import over a cache without series loses nothing and goes ahead', () => {
    const home = tmp('atalaya-hostile-home-');
    const pop = 'CVE,Entidad,Municipio,2020\n01001,Aguascalientes,Aguascalientes,100\n';
    importData({ dir: folder({ 'pop.csv': pop }), home });
    const next = importData({ dir: folder({ 'pop.csv': pop.replace('100', '200') }), home });
    expect(currentVersion(home)).toBe(next.version);
  });
});

describe('messages quote hostile values briefly (fault 2)', () => {
  it('quote() cuts long values with an ellipsis and the original length, and escapes control characters', () => {
    expect(quote('dos')).toBe('"dos"');
    expect(quote('a\nb"c')).toBe('"a\\nb\\"c"');
    const long = quote('x'.repeat(5_000_000));
    expect(long).toBe(`"${'x'.repeat(80)}…" (5,000,000 characters)`);
    expect(quote('\uD83D\uDE00'.repeat(50), 81)).not.toMatch(/\uD83D"$/);
  });

  it('a 1 MB cell (just under the record limit) gives a short error message', () => {
    const home = tmp('atalaya-hostile-home-');
    const cell = 'y'.repeat(1_000_000);
    const err = failure(() =>
      importData({
        dir: folder({ 'x.csv': `cve_ent|year|month|homicides|pop_est|homicide_rate\n01|${cell}|1|5|1|1\n` }),
        home,
      }),
    );
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(
      /x\.csv:2 \(column "year"\): column "year": "y{80}…" \(1,000,000 characters\) is not a year/,
    );
    expect(err.message.length).toBeLessThan(1000);
  });

  it('a 2 MB row, a 1 MB header cell and a 300-character crime name give short messages', () => {
    const home = tmp('atalaya-hostile-home-');
    const long = folder({
      'row.csv': `cve_ent|year|month|homicides|pop_est|homicide_rate\n01|2020|1|${'9'.repeat(2_000_000)}|1|1\n`,
      'header.csv': `date_year_month,n_year,n_month,cve_ent,subtipo_de_delito,n_victimas,${'h'.repeat(1_000_000)}\n`,
      'names.csv': `isodate,entidad,delito,total\n2020-01-01,Aguascalientes,${'Robo '.repeat(60)},1\n`,
    });
    const err = failure(() => importData({ dir: long, home }));
    expect(err.message).toMatch(/row\.csv:2: more than 1,048,576 characters in one record/);
    expect(err.message).toMatch(/header\.csv:1 .*: unknown column "h{60}…" \(1,000,000 characters\)/);
    expect(err.message).toMatch(
      /names\.csv:2 \(column "delito"\): column "delito": too long for a crime name/,
    );
    expect(err.message.length).toBeLessThan(3000);
  });

  it('years outside 1990–2100 are errors naming line and column, not a 120,000-month series', () => {
    const home = tmp('atalaya-hostile-home-');
    const text =
      'isodate,entidad,delito,total\n0001-01-01,Aguascalientes,Robo,1\n9999-12-01,Aguascalientes,Robo,1\n';
    const err = failure(() => importData({ dir: folder({ 'years.csv': text }), home }));
    expect(err.message).toMatch(
      /years\.csv:2 \(column "isodate"\): column "isodate": "0001-01-01" is not a date/,
    );
    expect(err.message).toMatch(/years\.csv:3 \(column "isodate"\)/);
  });

  it('a TopoJSON without objects is a DataError, not a TypeError', () => {
    const home = tmp('atalaya-hostile-home-');
    const err = failure(() => importData({ dir: folder({ 'map.topojson': '{"type":"Topology"}' }), home }));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(
      /map\.topojson \(column "arcs"\): "arcs": missing or not a list \(expected a TopoJSON Topology\)/,
    );
  });
});

describe('unknown codes are warnings that name the line and column (fault 3)', () => {
  it('INEGI, RNPDNO and CIDE rows with codes the registry does not know', () => {
    const home = tmp('atalaya-hostile-home-');
    const cide =
      'event.id,date,state_code,mun_code,source,total.people.dead,civilian.dead,organized.crime.dead,military.dead,' +
      'navy.dead,federal.police.dead,afi.dead,state.police.dead,ministerial.police.dead,municipal.police.dead,' +
      'public.prosecutor.dead\n' +
      '1.0,2007-01-16,16.0,15.0,confrontations,0,0,0,0,0,0,0,0,0,0,0\n' +
      '2.0,2007-01-17,17.0,93.0,confrontations,0,0,0,0,0,0,0,0,0,0,0\n';
    const report = importData({
      dir: folder({
        'pop.csv':
          'CVE,Entidad,Municipio,2020\n01001,Aguascalientes,Aguascalientes,100\n16015,Michoacán,Cotija,1\n',
        'inegi.csv':
          'ent_mun|year|month|homicides|pop_est|homicide_rate\n01001|2000|1|2|1|1\n01099|2000|1|3|1|1\n',
        'rnpdno.csv': `${RNPDNO}01004,01,x,004,x,1,0,0,1,2020,3,0\n01998,01,x,998,x,1,0,0,1,2020,3,0\n`,
        'cide.csv': cide,
      }),
      home,
    });
    const warning = (file: string, column: string) =>
      report.issues.find((i) => i.severity === 'warning' && i.file === file && i.column === column);
    expect(warning('inegi.csv', 'ent_mun')).toMatchObject({ line: 3 });
    expect(warning('inegi.csv', 'ent_mun')?.message).toMatch(/01099 \(1 rows, 3 deaths\) first on line 3/);
    expect(warning('rnpdno.csv', 'cvegeo')).toMatchObject({ line: 4 });
    expect(warning('rnpdno.csv', 'cve_mun')).toMatchObject({ line: 5 });
    expect(warning('rnpdno.csv', 'cve_mun')?.message).toMatch(/at line 5/);
    expect(warning('cide.csv', 'mun_code')).toMatchObject({ line: 3 });
    expect(warning('cide.csv', 'mun_code')?.message).toMatch(/state_code\/mun_code: 17\.0\/93\.0/);
    expect(formatIssue(warning('inegi.csv', 'ent_mun')!)).toMatch(
      /^warning: inegi\.csv:3 \(column "ent_mun"\): /,
    );
  });
});

describe('a cache that cannot be written (fault 4)', () => {
  it('ENOSPC while writing the values: a clear DataError, the previous data unchanged, nothing left over', () => {
    const { home, version } = goodHome();
    faults.rule = { fn: 'writeSync', match: /values\.f64$/, code: 'ENOSPC' };
    const err = failure(() => importData({ dir: goodFolder(), home }));
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).reason).toBe('cache-unwritable');
    expect(err.message).toBe(
      `could not write the data cache ${panelDir(home)}: no space left on device (ENOSPC); the previous data is unchanged`,
    );
    faults.rule = undefined;
    expectGoodInUse(home, version);
    expect(versions(home)).toEqual([version]);
  });

  it('EROFS when swapping CURRENT: the new version is removed again, the previous one stays current', () => {
    const { home, version } = goodHome();
    faults.rule = { fn: 'renameSync', match: /CURRENT$/, code: 'EROFS' };
    const err = failure(() => importData({ dir: goodFolder(), home }));
    expect(err.message).toBe(
      `could not write the data cache ${panelDir(home)}: read-only file system (EROFS); the previous data is unchanged`,
    );
    faults.rule = undefined;
    expectGoodInUse(home, version);
    expect(versions(home)).toEqual([version]);
    expect(readdirSync(panelDir(home)).filter((f) => f.startsWith('.CURRENT-'))).toEqual([]);
  });

  it('the command line prints it and exits with status 2', async () => {
    const { home, version } = goodHome();
    faults.rule = { fn: 'writeSync', match: /manifest\.json$/, code: 'ENOSPC' };
    const r = await runAtalaya(['data', 'import', goodFolder(), '--home', home]);
    faults.rule = undefined;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /atalaya: could not write the data cache .*: no space left on device \(ENOSPC\); the previous data is unchanged/,
    );
    expectGoodInUse(home, version);
  });

  it('an unwritable cache is found before any file is read (injected EROFS on the probe)', () => {
    const { home, version } = goodHome();
    faults.rule = { fn: 'openSync', match: /\.probe-/, code: 'EROFS' };
    const onFile = vi.fn();
    const err = failure(() => importData({ dir: goodFolder(), home, onFile }));
    expect(err.message).toBe(
      `could not write the data cache ${panelDir(home)}: read-only file system (EROFS); nothing was read and the previous data is unchanged`,
    );
    expect(onFile).not.toHaveBeenCalled();
    faults.rule = undefined;
    expectGoodInUse(home, version);
  });

  it('a home that is a file is found before any file is read (works as root too)', () => {
    const home = join(tmp('atalaya-hostile-home-'), 'not-a-folder');
    writeFileSync(home, 'x');
    const onFile = vi.fn();
    const err = failure(() => importData({ dir: goodFolder(), home, onFile }));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(
      /could not write the data cache .*not-a-folder\/panel: .*\((ENOTDIR|EEXIST)\); nothing was read/,
    );
    expect(onFile).not.toHaveBeenCalled();
  });

  const root = process.getuid?.() === 0;
  if (root) {
    process.stderr.write(
      'notice: test/hostile/import.test.ts: the chmod (EACCES) variant is skipped: root ignores file permissions; the injected EROFS/ENOSPC variants ran instead\n',
    );
  }
  it.skipIf(root)('EACCES on a read-only cache folder is found before any file is read (not as root)', () => {
    const { home, version } = goodHome();
    chmodSync(panelDir(home), 0o555);
    try {
      const onFile = vi.fn();
      const err = failure(() => importData({ dir: goodFolder(), home, onFile }));
      expect(err.message).toMatch(
        /could not write the data cache .*: permission denied \(EACCES\); nothing was read/,
      );
      expect(onFile).not.toHaveBeenCalled();
    } finally {
      chmodSync(panelDir(home), 0o755);
    }
    expectGoodInUse(home, version);
  });
});

describe('one import at a time (fault 5)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  /** A node process running `script`; resolves once it prints "ready". */
  async function child(script: string): Promise<ChildProcess> {
    const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    await new Promise<void>((resolve, reject) => {
      c.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      c.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready`)));
    });
    return c;
  }

  const lockFile = (home: string) => join(panelDir(home), '.lock');

  it('a second import while one runs is refused, naming the first; the first completes; the lock is released', () => {
    const { home } = goodHome();
    let inner: Error | undefined;
    let held: { pid: number; started: string } | undefined;
    const report = importData({
      dir: goodFolder(),
      home,
      onFile: (_file, i) => {
        if (i > 0) return;
        held = JSON.parse(readFileSync(lockFile(home), 'utf8'));
        inner = failure(() => importData({ dir: goodFolder(), home }));
      },
    });
    expect(held?.pid).toBe(process.pid);
    expect(Number.isNaN(Date.parse(held?.started ?? ''))).toBe(false);
    expect(inner).toBeInstanceOf(DataError);
    expect((inner as DataError).reason).toBe('cache-locked');
    expect(inner?.message).toBe(
      `another import (pid ${process.pid}, started ${held?.started}) is running on this cache; wait for it or remove ${lockFile(home)} if it is stale`,
    );
    expectGoodInUse(home, report.version);
  });

  it('a lock held by another live process is refused (exit status 2 from the command line)', async () => {
    const { home, version } = goodHome();
    const other = await child('console.log("ready"); setInterval(() => {}, 1000);');
    const started = new Date().toISOString();
    writeFileSync(lockFile(home), JSON.stringify({ pid: other.pid, host: hostname(), started }));
    const r = await runAtalaya(['data', 'import', goodFolder(), '--home', home]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `another import (pid ${other.pid}, started ${started}) is running on this cache`,
    );
    other.kill('SIGKILL');
    expect(currentVersion(home)).toBe(version);
    rmSync(lockFile(home));
  });

  it('a stale lock (its process is gone) is taken over with a warning', () => {
    const { home } = goodHome();
    // Above Linux's largest pid_max (2^22): no such process can exist.
    writeFileSync(
      lockFile(home),
      JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const report = importData({ dir: goodFolder(), home });
    expect(report.issues.map((i) => i.message)).toContain(
      'took over a stale import lock (pid 4194305, started 2026-01-01T00:00:00Z: that process is no longer running)',
    );
    expect(existsSync(lockFile(home))).toBe(false);
  });

  it('an empty lock file left by a crash long ago is stale too', () => {
    const { home } = goodHome();
    writeFileSync(lockFile(home), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(lockFile(home), past, past);
    const report = importData({ dir: goodFolder(), home });
    expect(report.series).toBe(2);
    expect(report.issues.map((i) => i.message)).toContain(
      'took over a damaged import lock (unreadable, and older than a few seconds)',
    );
  });

  it('with wait, an import waits for the running one to finish', async () => {
    const { home } = goodHome();
    const lock = lockFile(home);
    const other = await child(
      `const fs = require('fs'); const os = require('os');
       fs.writeFileSync(${JSON.stringify(lock)}, JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() }), { flag: 'wx' });
       console.log('ready');
       setTimeout(() => { fs.unlinkSync(${JSON.stringify(lock)}); }, 700);
       setTimeout(() => {}, 5000);`,
    );
    const refused = failure(() => importData({ dir: goodFolder(), home }));
    expect(refused.message).toMatch(/another import .* is running/);
    const t0 = Date.now();
    const onWait = vi.fn();
    const report = importData({ dir: goodFolder(), home, wait: 20_000, onWait });
    expect(Date.now() - t0).toBeGreaterThan(300);
    expect(onWait).toHaveBeenCalledTimes(1);
    expect(onWait.mock.calls[0][0]).toMatchObject({ pid: other.pid });
    expect(currentVersion(home)).toBe(report.version);
  });

  it('the lock is released when the import fails', () => {
    const { home } = goodHome();
    expect(() => importData({ dir: folder({}), home })).toThrow(DataError);
    const bad = folder({ 'x.csv': 'cve_ent|year|month|homicides|pop_est|homicide_rate\n01|2020|1|-3|1|0\n' });
    expect(() => importData({ dir: bad, home })).toThrow(ImportError);
    faults.rule = { fn: 'writeSync', match: /values\.f64$/, code: 'ENOSPC' };
    expect(() => importData({ dir: goodFolder(), home })).toThrow(DataError);
    faults.rule = undefined;
    expect(existsSync(lockFile(home))).toBe(false);
  });
});

describe('the command line', () => {
  it('refuses with exit status 2, prints JSON with --json, replaces with --replace, documents both', async () => {
    const { home, version } = goodHome();
    const empty = folder({ 'data.bin': randomBinary(1000) });
    const refused = await runAtalaya(['data', 'import', empty, '--home', home]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/nothing usable .*the previous data is unchanged .*Pass --replace/);
    const json = await runAtalaya(['data', 'import', empty, '--home', home, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      reason: 'would-lose-data',
      dropped: GOOD_IDS,
      skipped: [{ file: 'data.bin', reason: 'binary file (not text data)' }],
    });
    expect(currentVersion(home)).toBe(version);
    const replaced = await runAtalaya(['data', 'import', empty, '--home', home, '--replace', '--json']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ series: 0 });
    expect(currentVersion(home)).not.toBe(version);
    const help = await runAtalaya(['data', 'import', '--help']);
    expect(help.stdout).toMatch(/--replace/);
    expect(help.stdout).toMatch(/--wait/);
  });

  it('--wait is accepted and the import goes ahead when nothing else runs', async () => {
    const home = tmp('atalaya-hostile-home-');
    const r = await runAtalaya(['data', 'import', goodFolder(), '--home', home, '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Imported 2 files → 2 series/);
  });
});

describe('folders that cannot be listed', () => {
  it('a missing folder or a dangling symbolic link is a DataError', () => {
    const home = tmp('atalaya-hostile-home-');
    const missing = join(tmp('atalaya-hostile-data-'), 'missing');
    expect(() => importData({ dir: missing, home })).toThrow(/cannot read the data folder .*missing/);
    const dir = goodFolder();
    symlinkSync(join(dir, 'nowhere.csv'), join(dir, 'link.csv'));
    const err = failure(() => importData({ dir, home }));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/cannot read .*link\.csv/);
  });
});
