import { join } from 'node:path';
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
