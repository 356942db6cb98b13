import type { Options } from 'tsup';

/**
 * The one build every package uses: ESM + CJS + declarations for both, unminified
 * (consumers bundle and minify; readable stacks matter more here), Node 20 syntax.
 */
export function preset(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    ...overrides,
  };
}
