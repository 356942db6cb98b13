import { registerAzureFunction, type AzureRegisterOptions } from '@faasade/azure';
import type { DeployedFunction, HttpAdapterHarness } from '@faasade/contract';
import type { HttpFunction } from '@faasade/core';
import { installFunctionsCore, type FunctionsCoreStandIn } from './functions-core.js';
import { serveHttp, type HostSettings, type InvocationRecord } from './host.js';

// Installed when this module loads, before any test calls `app.*`.
const core = installFunctionsCore();

/** A deployed function plus what the host recorded of its invocations. */
export interface AzureDeployedFunction extends DeployedFunction {
  readonly invocations: InvocationRecord[];
}

/** The harness, with the stand-in worker module and deployments that expose their invocations. */
export interface AzureHarness extends HttpAdapterHarness {
  readonly core: FunctionsCoreStandIn;
  deploy(fn: HttpFunction): Promise<AzureDeployedFunction>;
}

/** Options of {@link azureHarness}. */
export interface AzureHarnessOptions extends Partial<Omit<HostSettings, 'httpUri'>> {
  /** Options passed to `registerAzureFunction`. */
  register?: AzureRegisterOptions;
  /**
   * Expect HTTP streaming: the test file called `app.setup({ enableHttpStream: true })`,
   * so requests and responses travel through the library's proxy server. Deploying fails
   * when the library did not start one.
   */
  streaming?: boolean;
}

/**
 * The Azure adapter inside the real `@azure/functions` library, with the Functions host
 * played by this test code (Core Tools cannot be installed here): `deploy` registers
 * through `registerAzureFunction` → `app.http`, the stand-in worker module captures the
 * registration, and each request is routed, converted to the RPC message the host sends,
 * run through the library's InvocationModel and decoded as the host answers the client.
 */
export function azureHarness(options: AzureHarnessOptions = {}): AzureHarness {
  const settings: HostSettings = {
    host: options.host ?? 'faasade-test.azurewebsites.net',
    routePrefix: options.routePrefix ?? 'api',
    keys: options.keys ?? { function: [], master: 'master-key' },
  };
  return {
    name: `azure: @azure/functions v4 with a stand-in worker core${options.streaming ? ', HTTP streaming' : ''}`,
    core,
    async deploy(fn: HttpFunction): Promise<AzureDeployedFunction> {
      const before = new Set(core.functions.keys());
      registerAzureFunction(fn, options.register);
      const added = [...core.functions.keys()].filter((id) => !before.has(id));
      if (added.length !== 1 || !core.programmingModel) {
        throw new Error('@azure/functions did not register through the stand-in: was app.* called before installFunctionsCore()?');
      }
      // The worker starts up after the app registered its functions (and called app.setup).
      settings.httpUri = (await core.capabilities()).HttpUri;
      if (options.streaming && !settings.httpUri) throw new Error('HTTP streaming is off: call app.setup({ enableHttpStream: true }) before deploying');
      const invocations: InvocationRecord[] = [];
      return {
        baseUrl: `https://${settings.host}${settings.routePrefix ? `/${settings.routePrefix}` : ''}`,
        invocations,
        async request(client) {
          const { response, record } = await serveHttp(core, client, settings);
          if (record) invocations.push(record);
          return response;
        },
        async close() {
          core.unregister(added[0]!);
        },
      };
    },
  };
}
