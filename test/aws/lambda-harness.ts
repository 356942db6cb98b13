import type { HttpFunction } from '@faasade/core';
import type { ClientRequest, ClientResponse, DeployedFunction, HttpAdapterHarness, HttpCapabilities } from '@faasade/contract';
import { startRicFunction } from './ric-function.js';
import type { InvocationOutcome } from './runtime-api-server.js';

/**
 * One AWS front door (API Gateway, a Function URL, an ALB): how it turns a client's
 * request into a Lambda event, and the function's result into what the client receives.
 */
export interface FrontDoor {
  readonly name: string;
  /** Scheme, host and stage or base path, as the client uses them. */
  readonly baseUrl: string;
  readonly capabilities?: Partial<HttpCapabilities>;
  readonly reasons?: Partial<Record<keyof HttpCapabilities, string>>;
  /** The event for a request, or the answer the front door gives without invoking. */
  toEvent(request: ClientRequest): { event: unknown } | { response: ClientResponse };
  /** What the client receives for the function's result. */
  toClientResponse(result: unknown, request: ClientRequest): ClientResponse;
  /** What the client receives when the invocation fails. */
  invocationError(): ClientResponse;
}

/** A function deployed behind a front door, plus what tests of the adapter itself need. */
export interface DeployedLambda extends DeployedFunction {
  /** Sends a raw event straight to the runtime, bypassing the front door. */
  invoke(event: unknown): Promise<InvocationOutcome>;
  /** What the runtime process printed (the function's log lines among it). */
  output(): string;
}

/**
 * The contract-suite harness for one front door: every `deploy` bundles the function and
 * runs it in its own aws-lambda-ric process, closed by `close()`.
 */
export function lambdaHarness(door: FrontDoor): HttpAdapterHarness & { deploy(fn: HttpFunction): Promise<DeployedLambda> } {
  return {
    name: door.name,
    ...(door.capabilities ? { capabilities: door.capabilities } : {}),
    ...(door.reasons ? { reasons: door.reasons } : {}),
    async deploy(fn: HttpFunction): Promise<DeployedLambda> {
      const runtime = await startRicFunction(fn);
      return {
        baseUrl: door.baseUrl,
        async request(request: ClientRequest): Promise<ClientResponse> {
          const encoded = door.toEvent(request);
          if ('response' in encoded) return encoded.response;
          const outcome = await runtime.invoke(encoded.event);
          return outcome.kind === 'response' ? door.toClientResponse(outcome.payload, request) : door.invocationError();
        },
        invoke: (event) => runtime.invoke(event),
        output: () => runtime.output(),
        close: () => runtime.close(),
      };
    },
  };
}
