import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/data/atomic-write.js';

describe('writeFileAtomic', () => {
  it('replaces a regular file whole, leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-atomic-'));
    const file = join(dir, 'out.txt');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  // `-o /dev/null` or a pipe must be written to, not renamed over (as root that would replace the device).
  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)(
    'writes into a pipe instead of replacing it',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atalaya-atomic-'));
      const fifo = join(dir, 'pipe');
      spawnSync('mkfifo', [fifo]);
      const reader = spawn('cat', [fifo]);
      let got = '';
      reader.stdout.on('data', (d) => {
        got += d;
      });
      writeFileAtomic(fifo, 'through the pipe');
      await new Promise((r) => reader.on('close', r));
      expect(got).toBe('through the pipe');
      expect(statSync(fifo).isFIFO()).toBe(true);
      expect(existsSync(join(dir, 'pipe'))).toBe(true);
      expect(readdirSync(dir)).toEqual(['pipe']);
    },
  );
});
