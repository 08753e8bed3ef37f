import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from './errors.js';

/** Parsers for commander options: each throws a message naming what was expected. */
export function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max} (got "${value}")`);
    }
    return n;
  };
}

export function seedValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new InvalidArgumentError(`seed must be a whole number from 0 to 4294967295 (got "${value}")`);
  }
  return n;
}

export function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T))
      throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')} (got "${value}")`);
    return value as T;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function yearMonth(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    throw new InvalidArgumentError(`expected a month as YYYY-MM (got "${value}")`);
  return value;
}

/** Where the groups data comes from: `--data`, `--home`, `--network` (shared by every simulating command). */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'folder with real data (default: ATALAYA_DATA, then ../shared/data)')
    .option('--home <dir>', 'cache folder (default: ATALAYA_HOME or ~/.cache/atalaya)')
    .option(
      '--network <which>',
      'groups to simulate: auto (files if found, else built-in), files, builtin',
      oneOf('--network', ['auto', 'files', 'builtin'] as const),
      'auto',
    );
}

export interface DataOptions {
  data?: string;
  home?: string;
  network: 'auto' | 'files' | 'builtin';
}

/** An option parser applied outside commander: its complaint becomes a usage error (exit 2). */
export function asUsage<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  };
}

/** A whole number from `min` to `max`. */
export function atLeast(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    return n;
  };
}
