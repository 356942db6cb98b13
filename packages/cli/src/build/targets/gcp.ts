import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cliPackageDir } from '../bundle.js';
import { CLOUD_MODULES } from '../entries.js';
import { functionError } from '../errors.js';
import { checkForGcp, gcloudScript } from '../templates/gcloud.js';
import { findPackageDir } from '../workspace-source.js';
import { builtFunction, bundleFunction, installedVersion, writeJson, type TargetBuilder } from './common.js';

const RUNTIME_LIBRARY = CLOUD_MODULES.gcp.runtimeLibrary;

/**
 * Cloud Functions (2nd gen): per function a source folder `<name>/` with the bundle and a
 * package.json whose `main` registers the function with the Functions Framework, plus
 * `deploy.sh` (gcloud). The platform builds the folder on Linux x64 and installs the
 * package.json dependencies there: the Functions Framework, which must be the copy that
 * loads the bundle, and native packages such as sharp, pinned to the versions built
 * against, so their Linux binaries come from that install. `.gcloudignore` keeps a local
 * node_modules out of the upload.
 */
export const gcpBuilder: TargetBuilder = {
  check: checkForGcp,
  async assemble(fn, _spec, context) {
    const name = fn.definition.options.name;
    const dir = join(context.stagingDir, name);
    const bundle = await bundleFunction(fn, context, dir, [RUNTIME_LIBRARY, ...fn.nativePackages]);
    const dependencies: Record<string, string> = { [RUNTIME_LIBRARY]: await versionFrom(name, RUNTIME_LIBRARY, cliPackageDir()) };
    for (const nativePackage of fn.nativePackages) dependencies[nativePackage] = await versionFrom(name, nativePackage, dirname(fn.modulePath));
    await writeJson(join(dir, 'package.json'), { name, version: '1.0.0', private: true, type: 'module', main: 'index.mjs', engines: { node: '>=20' }, dependencies });
    await writeFile(join(dir, '.gcloudignore'), 'node_modules/\n.gcloudignore\n');
    return builtFunction(fn, dir, undefined, dir, bundle, []);
  },
  template(specs) {
    return { file: 'deploy.sh', text: gcloudScript(specs) };
  },
};

async function versionFrom(functionName: string, name: string, fromDir: string): Promise<string> {
  const dir = findPackageDir(name, fromDir);
  if (!dir) throw functionError('BundleFailed', functionName, `${name} is not installed; the deployment pins the version built against`);
  return installedVersion(dir);
}
