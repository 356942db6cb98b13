import { join } from 'node:path';
import { AWS_OBJECT_HANDLER, CLOUD_MODULES } from '../entries.js';
import { functionError } from '../errors.js';
import { checkForAws, samTemplate } from '../templates/sam.js';
import { zipDirectory } from '../zip.js';
import { builtFunction, bundleFunction, installVendored, nativeVendoring, type TargetBuilder } from './common.js';

/**
 * AWS Lambda: per function a folder `<name>/` (index.mjs, its chunks, node_modules for
 * native packages) and its zip `<name>.zip` with the handler `index.handler`, plus
 * `template.yaml` (AWS SAM) pointing at the zips. The AWS SDK is bundled rather than
 * taken from the runtime's copy, whose version Lambda changes without notice.
 */
export const awsBuilder: TargetBuilder = {
  check: checkForAws,
  async assemble(fn, _spec, context) {
    const name = fn.definition.options.name;
    const dir = join(context.stagingDir, name);
    if (fn.definition.trigger === 'object') await requireObjectHandler(name);
    const bundle = await bundleFunction(fn, context, dir, fn.nativePackages);
    const vendored = await nativeVendoring(fn, context);
    await installVendored(dir, vendored);
    const zip = join(context.stagingDir, `${name}.zip`);
    await zipDirectory(dir, zip);
    return builtFunction(fn, zip, zip, dir, bundle, vendored);
  },
  template(specs, context) {
    return { file: 'template.yaml', text: samTemplate(specs, { arch: context.arch, codeUri: (name) => `${name}.zip` }) };
  },
};

// A TypeScript import of a missing export bundles as undefined: check the adapter itself.
async function requireObjectHandler(functionName: string): Promise<void> {
  const adapter = (await import(CLOUD_MODULES.aws.adapter)) as Record<string, unknown>;
  if (typeof adapter[AWS_OBJECT_HANDLER] !== 'function') {
    throw functionError('AdapterMissing', functionName, `${CLOUD_MODULES.aws.adapter} has no ${AWS_OBJECT_HANDLER}, so Lambda cannot run object functions with it: update ${CLOUD_MODULES.aws.adapter}`);
  }
}
