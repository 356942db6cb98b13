export { describeHttpAdapter } from './suite.js';
export { CONTRACT_MAX_BODY_BYTES, contractFunction, type EchoReport } from './contract-function.js';
export { allBytes, bodyJson, bodyText, clientRequest, header, parseSetCookie } from './client.js';
export type { ClientRequest, ClientResponse, DeployedFunction, HttpAdapterHarness, HttpCapabilities } from './types.js';
