import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { functionError } from './errors.js';
import type { BuildArch } from './types.js';
import type { VendoredPackage } from './vendor.js';
import { findPackageDir } from './workspace-source.js';

const run = promisify(execFile);

/**
 * The packages holding a native package's binaries for Linux (glibc) on `arch`: sharp
 * 0.33+ ships its addon and libvips as `@img/sharp-linux-<cpu>` and
 * `@img/sharp-libvips-linux-<cpu>`, optional dependencies of sharp that npm installs
 * only for the machine it runs on.
 */
export function platformPackagesOf(nativePackage: string, arch: BuildArch): string[] {
  if (nativePackage === 'sharp') return [`@img/sharp-linux-${arch}`, `@img/sharp-libvips-linux-${arch}`];
  return [];
}

// ELF e_machine values: what a Linux binary was compiled for.
const ELF_MACHINE: Record<BuildArch, number> = { x64: 62, arm64: 183 };

/**
 * Finds (or fetches with `npm pack`) the platform packages a native package needs on
 * Linux/`arch`, at the versions it pins, and checks that their binaries are ELF files for
 * that CPU. Fails naming the function and the package rather than ship an artifact that
 * cannot load.
 */
export async function platformPackages(
  functionName: string, nativePackage: string, nativeDir: string, arch: BuildArch, fetchCache: string | false,
): Promise<VendoredPackage[]> {
  const pins = await optionalPins(nativeDir);
  const found: VendoredPackage[] = [];
  for (const name of platformPackagesOf(nativePackage, arch)) {
    const version = pins[name];
    if (!version) throw functionError('NativeBinariesMissing', functionName, `${nativePackage} does not list ${name}: use a ${nativePackage} version with prebuilt Linux binaries`);
    const installed = findPackageDir(name, nativeDir);
    const dir = installed && (await versionOf(installed)) === version ? installed : await fetchPackage(functionName, name, version, fetchCache);
    await checkBinaries(functionName, name, dir, arch);
    found.push({ name, version, dir });
  }
  return found;
}

async function optionalPins(dir: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  return manifest.optionalDependencies ?? {};
}

async function versionOf(dir: string): Promise<string | undefined> {
  return (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
}

/** Default cache of fetched platform packages. */
export function defaultFetchCache(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'faasade', 'npm');
}

async function fetchPackage(functionName: string, name: string, version: string, cache: string | false): Promise<string> {
  const advice = `install it for the target (npm install --os=linux --cpu=${name.endsWith('arm64') ? 'arm64' : 'x64'} --libc=glibc ${name}@${version}) or build for the architecture installed here`;
  if (cache === false) throw functionError('NativeBinariesMissing', functionName, `${name}@${version} is not installed and fetching is off: ${advice}`);
  const dir = join(cache, `${name.replace('/', '+')}@${version}`);
  if (existsSync(join(dir, 'package.json'))) return dir;
  const work = `${dir}.tmp-${process.pid}`;
  try {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', work], { timeout: 120_000 });
    const tarball = stdout.trim().split('\n').at(-1)!;
    await run('tar', ['-xzf', join(work, tarball), '-C', work], { timeout: 120_000 });
    await rm(dir, { recursive: true, force: true });
    await rename(join(work, 'package'), dir);
    return dir;
  } catch (error) {
    throw functionError('NativeBinariesMissing', functionName, `${name}@${version} is not installed and could not be fetched (${(error as Error).message.split('\n')[0]}): ${advice}`, error);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function checkBinaries(functionName: string, name: string, dir: string, arch: BuildArch): Promise<void> {
  const binaries = (await listFiles(dir)).filter((file) => /\.(node|so(\.\d+)*)$/.test(file));
  if (binaries.length === 0) throw functionError('NativeBinariesMissing', functionName, `${name} in ${dir} holds no binary (.node or .so)`);
  for (const file of binaries) {
    const machine = await elfMachine(file);
    if (machine !== ELF_MACHINE[arch]) {
      throw functionError('NativeBinariesMissing', functionName, `${file} is not a Linux ${arch} binary (ELF machine ${String(machine)}); reinstall ${name}`);
    }
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function elfMachine(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(20);
    await handle.read(header, 0, 20, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46) return undefined;
    return header.readUInt16LE(18);
  } finally {
    await handle.close();
  }
}
