/**
 * Keys that reach an object's prototype when assigned (`obj["__proto__"] = …`) or when a copy is made by
 * assignment: never a field of anything Atalaya reads, so input that holds them is refused, not cleaned.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path (e.g. `scenarios.0.__proto__`) of the first prototype key in a parsed JSON or YAML value, or
 * undefined. Walks with an explicit stack, so a deeply nested value cannot overflow the call stack.
 */
export function prototypeKeyPath(value: unknown): string | undefined {
  const stack: { node: unknown; path: string }[] = [{ node: value, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: string };
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return at;
      stack.push({ node: (node as Record<string, unknown>)[key], path: at });
    }
  }
  return undefined;
}
