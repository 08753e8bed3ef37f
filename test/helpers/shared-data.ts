import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/**
 * Real data for tests lives in ../shared/data (or ATALAYA_DATA). Tests that need it skip with a visible
 * notice when it is absent, except under CI=true, where absence is a failure.
 */
export const SHARED_DATA: string | undefined = (() => {
  const candidates = [process.env.ATALAYA_DATA, resolve(process.cwd(), '..', 'shared', 'data')].filter(
    Boolean,
  ) as string[];
  return candidates.find((d) => existsSync(join(d, 'networks', 'mexico_cartels_2020')));
})();

export function sharedPath(...parts: string[]): string {
  if (!SHARED_DATA) throw new Error('shared data not available');
  return join(SHARED_DATA, ...parts);
}

/** `describe` that needs the shared data. */
export function describeWithData(name: string, fn: () => void): void {
  if (SHARED_DATA) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs ../shared/data (or ATALAYA_DATA), which is absent under CI=true', () => {
        throw new Error('shared data missing: ../shared/data not found and ATALAYA_DATA not set');
      });
    });
    return;
  }
  console.warn(`NOTICE: skipping "${name}": ../shared/data not found (set ATALAYA_DATA to run it)`);
  describe.skip(`${name} [skipped: no ../shared/data]`, fn);
}
