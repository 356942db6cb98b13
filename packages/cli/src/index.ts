/**
 * @faasade/cli — the local runtime behind the `faasade` command, usable from code.
 * @packageDocumentation
 */
export { startDevServer, type DevServer, type DevServerOptions, type InvocationRecord } from './dev-server.js';
