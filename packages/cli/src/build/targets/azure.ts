import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timeoutOf, type DeploySpec } from '../deploy-spec.js';
import { cliPackageDir } from '../bundle.js';
import { CLOUD_MODULES } from '../entries.js';
import { bicepTemplate, checkForAzure } from '../templates/bicep.js';
import { zipDirectory } from '../zip.js';
import { builtFunction, bundleFunction, installVendored, nativeVendoring, vendorClosure, writeJson, type TargetBuilder } from './common.js';

const RUNTIME_LIBRARY = CLOUD_MODULES.azure.runtimeLibrary;

/**
 * Azure Functions (Flex Consumption, Node.js v4 programming model): per function a
 * Function App folder `<name>/` (host.json, package.json whose `main` registers the
 * function, the bundle, and node_modules holding `@azure/functions` and any native
 * packages, so the zip runs without a remote build) and its zip `<name>.zip` for zip
 * deploy, plus `main.bicep`. One app per function: Flex Consumption sizes memory and
 * always-ready instances per app.
 */
export const azureBuilder: TargetBuilder = {
  check(spec) {
    checkForAzure(spec);
  },
  async assemble(fn, spec, context) {
    const name = fn.definition.options.name;
    const dir = join(context.stagingDir, name);
    const bundle = await bundleFunction(fn, context, dir, [RUNTIME_LIBRARY, ...fn.nativePackages]);
    const vendored = [...(await vendorClosure(name, RUNTIME_LIBRARY, cliPackageDir())), ...(await nativeVendoring(fn, context))];
    await installVendored(dir, vendored);
    await writeJson(join(dir, 'host.json'), hostJson(spec));
    const dependencies = Object.fromEntries(vendored.filter((pkg) => pkg.name === RUNTIME_LIBRARY || fn.nativePackages.includes(pkg.name)).map((pkg) => [pkg.name, pkg.version]));
    await writeJson(join(dir, 'package.json'), { name, version: '1.0.0', private: true, type: 'module', main: 'index.mjs', dependencies });
    // Zip deploy ships node_modules as built here; nothing is to be installed remotely.
    await writeFile(join(dir, '.funcignore'), '*.zip\n');
    const zip = join(context.stagingDir, `${name}.zip`);
    await zipDirectory(dir, zip);
    return builtFunction(fn, dir, zip, dir, bundle, vendored);
  },
  template(specs) {
    return { file: 'main.bicep', text: bicepTemplate(specs) };
  },
};

function hostJson(spec: DeploySpec): unknown {
  const seconds = timeoutOf(spec);
  const timeout = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return {
    version: '2.0',
    functionTimeout: timeout,
    // The Event Grid trigger comes from the extension bundle.
    extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' },
    logging: { logLevel: { default: 'Information' } },
  };
}
