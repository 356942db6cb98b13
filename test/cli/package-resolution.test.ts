import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, type Project } from './project.js';
import { runCli } from './cli-process.js';
import { errorCode, resultOf } from './invoke-project.js';

/** A package `dep` whose ESM and CommonJS entries say which one loaded, and from which copy. */
function depPackage(copy: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'dep', version: '1.0.0', exports: { import: './esm.mjs', require: './cjs.cjs' } }),
    'esm.mjs': `export const which = '${copy} esm';\n`,
    'cjs.cjs': `exports.which = '${copy} cjs';\n`,
  };
}

function under(dir: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${dir}/${path}`, text]));
}

// A function module's package imports must load exactly what Node would load from the
// module's own folder: its own copy of a package over the project's, the ESM entry for
// `import` and the CommonJS one for `require`, as the deployed bundle would.
describe('faasade: the packages a function module imports', { timeout: 120_000 }, () => {
  let project: Project;
  beforeAll(async () => {
    project = await createProject({
      ...under('node_modules/dep', depPackage('project')),
      ...under('fns/own/node_modules/dep', depPackage('own')),
      'fns/own/package.json': JSON.stringify({ name: 'own', type: 'module', source: './src/index.ts' }),
      'fns/own/src/legacy.cjs': "module.exports = require('dep').which;\n",
      'fns/own/src/index.ts': `import { json, onHttp } from '@faasade/core';
import { which } from 'dep';
import legacy from './legacy.cjs';
export default onHttp({ name: 'own', route: '/own' }, () => json({ imported: which, required: legacy }));
`,
      'shared.ts': `import { json, onHttp } from '@faasade/core';
import { which } from 'dep';
export default onHttp({ name: 'shared', route: '/shared' }, () => json({ imported: which }));
`,
      'lib/pad.ts': "import pad from 'not-installed-pad';\nexport const padded = pad('x', 3);\n",
      'missing.ts': `import { json, onHttp } from '@faasade/core';
import { padded } from './lib/pad.js';
export default onHttp({ name: 'missing', route: '/missing' }, () => json({ padded }));
`,
    });
  });
  afterAll(() => project?.remove());

  it("loads a package module's own copy of a package, ESM for import and CommonJS for require", async () => {
    const finished = await runCli(['invoke', 'fns/own'], { cwd: project.dir });
    expect(finished.code, finished.stderr).toBe(0);
    expect(JSON.parse(String(resultOf(finished).body))).toEqual({ imported: 'own esm', required: 'own cjs' });
  });

  it("loads the project's copy for a module at the project's top", async () => {
    const finished = await runCli(['invoke', 'shared.ts'], { cwd: project.dir });
    expect(finished.code, finished.stderr).toBe(0);
    expect(JSON.parse(String(resultOf(finished).body))).toEqual({ imported: 'project esm' });
  });

  it('keeps bundles in the node_modules/.cache of the folder whose packages they use, not beside the code', async () => {
    await access(project.path('fns/own/node_modules/.cache/faasade'));
    await access(project.path('node_modules/.cache/faasade'));
  });

  it('names the project file that imports a package that is not installed', async () => {
    const finished = await runCli(['invoke', 'missing.ts'], { cwd: project.dir });
    expect(finished.code).toBe(1);
    expect(errorCode(finished.stderr)).toBe('FunctionLoadFailed');
    expect(finished.stderr).toMatch(/lib\/pad\.ts imports "not-installed-pad"/);
    expect(finished.stderr).not.toContain('.cache');
  });
});
