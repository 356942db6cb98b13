/**
 * `faasade build`: per-cloud deployable artifacts and deployment templates from function
 * declarations. `runBuild(argv)` is the command; `buildTarget(options)` the typed API.
 * @packageDocumentation
 */
export { buildTarget, buildTemplate } from './build.js';
export { runBuild, BUILD_USAGE } from './run.js';
export { BuildError, isBuildError, type BuildErrorCode } from './errors.js';
export { BUILD_TARGETS, type BuildArch, type BuildOptions, type BuildResult, type BuildTargetName, type BuiltFunction, type LoadedFunction } from './types.js';
