import type { FunctionDefinition } from '@faasade/core';

/** The clouds `faasade build` writes artifacts for. */
export type BuildTargetName = 'aws' | 'azure' | 'gcp';

/** Every target, in the order the command lists them. */
export const BUILD_TARGETS: readonly BuildTargetName[] = ['aws', 'azure', 'gcp'];

/** CPU architecture of the instances (Linux, glibc). Azure Flex Consumption and Cloud Functions run x64 only. */
export type BuildArch = 'x64' | 'arm64';

/** What {@link buildTarget} is asked to do. */
export interface BuildOptions {
  target: BuildTargetName;
  /**
   * The function modules: module files or package directories (their `source`, `import`
   * or `main` entry), absolute or relative to `cwd`. Every export declared with
   * `onHttp()` / `onObject()` is a function.
   */
  modules: readonly string[];
  /** Where artifacts and the template go (default `.faasade/build/<target>` under `cwd`). */
  outDir?: string;
  /** Instance architecture (default `x64`; `arm64` only on AWS, where Graviton costs less). */
  arch?: BuildArch;
  /** Directory relative paths start from (default `process.cwd()`). */
  cwd?: string;
  /**
   * Where native packages missing from the local install (sharp's binaries for another
   * CPU) are fetched to with `npm pack` (default `~/.cache/faasade/npm`). `false` never
   * fetches: the build fails naming the missing package instead.
   */
  fetchCache?: string | false;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** A function module as loaded for the build. */
export interface LoadedFunction {
  /** The declaration, as the module exported it. */
  definition: FunctionDefinition;
  /** The absolute path of the module file. */
  modulePath: string;
  /** The export holding the declaration (`default` or a name). */
  exportName: string;
  /** The function opens buckets (its code reaches `@faasade/core/storage`). */
  usesStorage: boolean;
  /** Packages that must ship beside the bundle as files (native modules such as sharp). */
  nativePackages: readonly string[];
}

/** One function's artifact. */
export interface BuiltFunction {
  name: string;
  trigger: FunctionDefinition['trigger'];
  /** The deployable file or folder: a zip on AWS, a Function App folder on Azure, a source folder on GCP. */
  artifact: string;
  /** Zip of the artifact (AWS: the artifact itself; Azure: what zip deploy uploads). */
  zip: string | undefined;
  /** The entry module and its lazily loaded chunks, before zipping. */
  bundleDir: string;
  /** Bytes of the entry module and the chunks it imports statically (what a cold start loads). */
  entryBytes: number;
  /** The files counted in `entryBytes`, relative to `bundleDir` (index.mjs first). */
  entryFiles: readonly string[];
  /** Bytes of the entry module plus every chunk it may load later. */
  bundleBytes: number;
  /** Packages installed beside the bundle in node_modules. */
  vendored: readonly string[];
  /** npm packages whose code is in the bundle, and whether only lazily loaded chunks hold them. */
  bundledPackages: ReadonlyArray<{ name: string; lazy: boolean }>;
}

/** What {@link buildTarget} wrote. */
export interface BuildResult {
  target: BuildTargetName;
  arch: BuildArch;
  outDir: string;
  functions: readonly BuiltFunction[];
  /** The deployment template (SAM template, Bicep file or gcloud script). */
  template: string;
}
