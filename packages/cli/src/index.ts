/**
 * @faasade/cli — the local runtime behind the `faasade` command, usable from code.
 * @packageDocumentation
 */
export { startDev, type DevOptions, type DevHandle, type DevFunctionInfo } from './runtime/dev-runtime.js';
export type { BucketBinding } from './storage/bindings.js';
export type { Reporter, InvocationReport, LogLine } from './output/reporter.js';
export { textReporter, type TextReporterOptions } from './output/text-reporter.js';
export { jsonReporter } from './output/json-reporter.js';
export { CliError, isCliError, type CliErrorCode } from './errors.js';
export { CONFIG_FILE, DEFAULT_FUNCTION_PATTERNS } from './project/config.js';
export { startDevServer, type DevServer, type DevServerOptions, type InvocationRecord } from './dev-server.js';
