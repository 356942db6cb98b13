import { randomBytes, randomUUID } from 'node:crypto';
import type { RpcFunctionMetadata, RpcTypedData } from './rpc-types.js';

/** A non-HTTP trigger binding as the host reads it from the worker's `rawBindings`. */
export interface TriggerBinding {
  functionId: string;
  functionName: string;
  /** The binding's name, which the invocation's input data must use. */
  name: string;
  type: string;
  /** Every other property of the binding (`path`, `connection`, `source`…). */
  properties: Record<string, unknown>;
}

/** The function's trigger binding of `type` (case-insensitive), or undefined. */
export function triggerOf(metadata: RpcFunctionMetadata, type: string): TriggerBinding | undefined {
  for (const raw of metadata.rawBindings ?? []) {
    const binding = JSON.parse(raw) as { name: string; type?: string; direction?: string } & Record<string, unknown>;
    if (binding.type?.toLowerCase() !== type.toLowerCase() || binding.direction !== 'in') continue;
    return { functionId: metadata.functionId ?? '', functionName: metadata.name ?? '', name: binding.name, type: binding.type, properties: binding };
  }
  return undefined;
}

/**
 * How the host's `ToRpc` writes a binding value for the Node.js worker (azure-functions-host
 * `GrpcMessageConversionExtensions.ToRpc`): null as an empty TypedData, bytes as `bytes`,
 * a string as `string`, a JSON object (`JObject`) or anything else it can serialise as
 * `json` (`Formatting.None`).
 */
export function toRpcValue(value: unknown): RpcTypedData {
  if (value === null || value === undefined) return {};
  if (value instanceof Uint8Array) return { bytes: value };
  if (typeof value === 'string') return { string: value };
  return { json: JSON.stringify(value) };
}

/** The `sys` trigger metadata the host adds to every invocation. */
export function sysMetadata(functionName: string): RpcTypedData {
  return { json: JSON.stringify({ MethodName: functionName, UtcNow: new Date().toISOString(), RandGuid: randomUUID() }) };
}

/** A fresh W3C trace context, as the host starts one for a non-HTTP trigger. */
export function newTraceContext(functionName: string): { traceParent: string; traceState: string; attributes: Record<string, string> } {
  return { traceParent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`, traceState: '', attributes: { OperationName: functionName } };
}
