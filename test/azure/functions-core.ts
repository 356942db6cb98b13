import Module from 'node:module';
import type {
  CoreInvocationContext, FunctionCallback, ProgrammingModel, RpcFunctionMetadata, RpcInvocationRequest,
  RpcInvocationResponse, RpcLog, RpcLogCategory, RpcLogLevel,
} from './rpc-types.js';

/**
 * A stand-in for `@azure/functions-core`, the module the Azure Functions Node.js worker
 * serves to `@azure/functions` at run time. The Functions host (Azure Functions Core
 * Tools) cannot be installed on these machines: it is a .NET binary downloaded at install
 * time. Without this module the library only logs "test mode" and registers nothing.
 *
 * Like the real worker, it answers `require('@azure/functions-core')` by wrapping
 * `Module.prototype.require`, captures `setProgrammingModel` and `registerFunction`, and
 * invokes a function the way the worker's InvocationHandler does: the library's own
 * InvocationModel builds the arguments from the RPC request (`getArguments`), runs the
 * pre-/post-invocation hooks around `invokeFunction`, and converts the result
 * (`getResponse`). Differences from the worker, on purpose: registration is never locked
 * after start-up (tests deploy and remove functions as they go), and there is no gRPC
 * channel: messages are the objects the worker's protobuf decoding would produce.
 */
export class FunctionsCoreStandIn {
  /** Registered functions by id, as the worker keeps them. */
  readonly functions = new Map<string, { metadata: RpcFunctionMetadata; callback: FunctionCallback }>();
  /** The model `@azure/functions` set; the library's own `ProgrammingModel`. */
  programmingModel: ProgrammingModel | undefined;
  /** Log messages the library sent outside any invocation. */
  readonly systemLogs: RpcLog[] = [];
  readonly #hooks = new Map<string, Array<(context: object) => unknown>>();
  readonly #appHookData: Record<string, unknown> = {};
  #capabilities: Promise<Record<string, string>> | undefined;

  /** The module object `require('@azure/functions-core')` returns. */
  readonly api = {
    version: '3.10.1-faasade-stand-in',
    hostVersion: '4.1036.0',
    setProgrammingModel: (model: ProgrammingModel): void => {
      this.programmingModel = model;
    },
    getProgrammingModel: (): ProgrammingModel | undefined => this.programmingModel,
    registerFunction: (metadata: RpcFunctionMetadata, callback: FunctionCallback): Disposable => this.#register(metadata, callback),
    registerHook: (name: string, callback: (context: object) => unknown): Disposable => {
      const list = this.#hooks.get(name) ?? [];
      list.push(callback);
      this.#hooks.set(name, list);
      return new Disposable(() => list.splice(list.indexOf(callback), 1));
    },
    log: (level: RpcLogLevel, category: RpcLogCategory, message: string): void => {
      this.systemLogs.push({ level, category, message });
    },
    Disposable,
  };

  /**
   * The worker's start-up handshake: its capabilities, passed through the programming
   * model (which locks `app.setup` and, with HTTP streaming on, starts its proxy server and
   * adds `HttpUri`). Runs once, like the worker's init; later calls return the first answer.
   */
  async capabilities(): Promise<Record<string, string>> {
    this.#capabilities ??= (async () => {
      const worker: Record<string, string> = {
        RawHttpBodyBytes: 'true', RpcHttpTriggerMetadataRemoved: 'true', RpcHttpBodyOnly: 'true',
        IgnoreEmptyValuedRpcHttpHeaders: 'true', UseNullableValueDictionaryForHttp: 'true',
        WorkerStatus: 'true', TypedDataCollection: 'true', HandlesWorkerTerminateMessage: 'true',
      };
      return (await this.programmingModel?.getCapabilities?.(worker)) ?? worker;
    })();
    return this.#capabilities;
  }

  /** Removes a registration (the worker never does; tests clean up after themselves). */
  unregister(functionId: string): void {
    this.functions.delete(functionId);
  }

  /**
   * Runs one invocation as the worker does. `error` is set when the worker would report
   * the invocation as failed (the host then answers 500 without a body).
   */
  async invoke(request: RpcInvocationRequest): Promise<{ response?: RpcInvocationResponse; error?: unknown; logs: RpcLog[] }> {
    const logs: RpcLog[] = [];
    const invocationId = request.invocationId ?? '';
    const registered = this.functions.get(request.functionId ?? '');
    if (!registered) return { error: new Error(`Function code for '${request.functionId}' is not loaded and cannot be invoked.`), logs };
    const coreCtx: CoreInvocationContext = {
      invocationId,
      request,
      metadata: registered.metadata,
      log: (level, category, message) => logs.push({ invocationId, level, category, message }),
    };
    try {
      if (!this.programmingModel) throw new Error('no programming model was set');
      const model = this.programmingModel.getInvocationModel(coreCtx);
      const { context, inputs } = await model.getArguments();
      const hookData: Record<string, unknown> = {};
      const pre = { hookData, appHookData: this.#appHookData, invocationContext: context, inputs, functionCallback: registered.callback };
      await this.#runHooks('preInvocation', pre, coreCtx, 'preInvocationHooks');
      const post = { hookData, appHookData: this.#appHookData, invocationContext: context, inputs: pre.inputs, result: null as unknown, error: null as unknown };
      coreCtx.state = 'invocation';
      try {
        post.result = await model.invokeFunction(context, pre.inputs, pre.functionCallback);
      } catch (error) {
        post.error = error;
      } finally {
        coreCtx.state = undefined;
      }
      await this.#runHooks('postInvocation', post, coreCtx, 'postInvocationHooks');
      if (post.error !== null && post.error !== undefined) throw post.error;
      return { response: await model.getResponse(context, post.result), logs };
    } catch (error) {
      return { error, logs };
    }
  }

  #register(metadata: RpcFunctionMetadata, callback: FunctionCallback): Disposable {
    // As the worker: the id defaults to the name, must be unique, and the host reads the
    // bindings from `rawBindings` (JSON, one per binding, the key as `name`).
    const functionId = metadata.functionId || metadata.name || '';
    if (this.functions.has(functionId)) throw new Error(`A function with id "${functionId}" has already been registered.`);
    const rawBindings = Object.entries(metadata.bindings ?? {}).map(([name, binding]) => JSON.stringify({ ...binding, name }));
    this.functions.set(functionId, { metadata: { ...metadata, functionId, name: metadata.name || functionId, rawBindings, scriptFile: 'n/a' }, callback });
    return new Disposable(() => this.functions.delete(functionId));
  }

  async #runHooks(name: string, context: object, coreCtx: CoreInvocationContext, state: CoreInvocationContext['state']): Promise<void> {
    coreCtx.state = state;
    try {
      for (const hook of this.#hooks.get(name) ?? []) await hook(context);
    } finally {
      coreCtx.state = undefined;
    }
  }
}

/** The worker's `Disposable`, which the library re-exports. */
class Disposable {
  readonly #callOnDispose: () => unknown;
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  static from(...likes: Array<{ dispose: () => unknown }>): Disposable {
    return new Disposable(() => likes.forEach((like) => like.dispose()));
  }
  dispose(): unknown {
    return this.#callOnDispose();
  }
}

let installed: FunctionsCoreStandIn | undefined;

/**
 * Makes `require('@azure/functions-core')` return the stand-in in this process, as the
 * worker's own `setupCoreModule` does, and returns it. Idempotent. Must run before the
 * first `app.*` call: the library looks the module up once and then stays in test mode.
 */
export function installFunctionsCore(): FunctionsCoreStandIn {
  if (installed) return installed;
  const core = new FunctionsCoreStandIn();
  Module.prototype.require = new Proxy(Module.prototype.require, {
    apply(target, thisArg, args: unknown[]) {
      return args[0] === '@azure/functions-core' ? core.api : Reflect.apply(target, thisArg, args);
    },
  });
  installed = core;
  return core;
}
