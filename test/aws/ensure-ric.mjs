#!/usr/bin/env node
/**
 * Builds the native part of `aws-lambda-ric` (dist/rapid-client.node) when it is missing.
 *
 * The runtime client always loads this addon, but its install scripts compile curl and
 * aws-lambda-cpp from source (minutes of work), so the workspace installs the package with
 * scripts skipped and the AWS tests call this first. Idempotent: when the addon loads, it
 * does nothing. Safe to run concurrently (a lock directory serialises builders).
 *
 * Needs cmake, make, a C++ compiler, python3 and autotools (curl's buildconf runs
 * autoreconf); as root with apt-get it installs whichever of them are missing.
 *
 * Usage: `node test/aws/ensure-ric.mjs` (exit 0 when the addon is ready).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const requireFromTests = createRequire(join(here, '..', 'package.json'));

/** The directory of the installed aws-lambda-ric package. */
export function ricPackageDir() {
  return dirname(requireFromTests.resolve('aws-lambda-ric/package.json'));
}

/** Path of the runtime client's command-line entry point. */
export function ricBinPath() {
  return join(ricPackageDir(), 'bin', 'index.mjs');
}

function addonPath(pkg) {
  return join(pkg, 'dist', 'rapid-client.node');
}

function addonLoads(pkg) {
  if (!existsSync(addonPath(pkg))) return false;
  // A child process: a half-written or wrong-ABI addon must not take this process down.
  // The addon reads the Runtime API address when it loads and aborts without one.
  const env = { ...process.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' };
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addonPath(pkg))})`], { stdio: 'ignore', env });
  return probe.status === 0;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// Each tool the build runs, and the Debian package that provides it.
const BUILD_TOOLS = { cmake: 'cmake', make: 'make', 'g++': 'g++', python3: 'python3', autoreconf: 'autoconf', automake: 'automake', libtoolize: 'libtool' };

function ensureBuildTools(log) {
  const missing = Object.keys(BUILD_TOOLS).filter((c) => !has(c));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((tool) => BUILD_TOOLS[tool]))];
  const canApt = typeof process.getuid === 'function' && process.getuid() === 0 && has('apt-get');
  if (!canApt) {
    throw new Error(`building aws-lambda-ric needs ${missing.join(', ')}: install the packages ${packages.join(' ')}`);
  }
  log(`installing ${packages.join(' ')} (missing: ${missing.join(', ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (install().status !== 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    if (install().status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
  }
}

// node-gyp must build against the local headers: this machine cannot download them.
function nodeHeadersDir() {
  for (const candidate of [process.env.npm_config_nodedir, join(dirname(process.execPath), '..'), '/usr', '/usr/local']) {
    if (candidate && existsSync(join(candidate, 'include', 'node', 'node.h'))) return candidate;
  }
  return undefined;
}

function build(pkg, log) {
  ensureBuildTools(log);
  // Compiler output goes to a log file (thousands of lines); its tail is shown on failure.
  const logFile = join(tmpdir(), `faasade-ric-build-${process.pid}.log`);
  log(`build output: ${logFile}`);
  const run = (file, args) => {
    const fd = openSync(logFile, 'a');
    try {
      const result = spawnSync(file, args, { cwd: pkg, stdio: ['ignore', fd, fd], env: { ...process.env, MAKEFLAGS: '-j2' } });
      if (result.status !== 0) {
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
        throw new Error(`${file} ${args.join(' ')} failed (exit ${result.status ?? result.signal}); last lines of ${logFile}:\n${tail}`);
      }
    } finally {
      closeSync(fd);
    }
  };
  log('compiling curl and aws-lambda-cpp (scripts/preinstall.sh)');
  run('sh', ['./scripts/preinstall.sh']);
  log('compiling the rapid-client addon (node-gyp rebuild)');
  const gyp = join(dirname(createRequire(join(pkg, 'package.json')).resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
  const headers = nodeHeadersDir();
  run(process.execPath, [gyp, 'rebuild', ...(headers ? [`--nodedir=${headers}`] : [])]);
  copyFileSync(join(pkg, 'build', 'Release', 'rapid-client.node'), addonPath(pkg));
  // The sources unpacked for the build are large and no longer needed (as upstream's postinstall does).
  for (const name of ['artifacts', 'curl-curl-7_83_1', 'aws-lambda-cpp-0.2.8']) rmSync(join(pkg, 'deps', name), { recursive: true, force: true });
  rmSync(join(pkg, 'build'), { recursive: true, force: true });
  // node-gyp leaves a stub of node-addon-api's "nothing" target beside the package.
  for (const entry of readdirSync(pkg)) if (entry.startsWith('node-addon-api@')) rmSync(join(pkg, entry), { recursive: true, force: true });
}

async function withLock(lockDir, work) {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than 30 minutes belongs to a builder that died.
      if (Date.now() - statSync(lockDir).mtimeMs > 30 * 60_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() - started > 30 * 60_000) throw new Error(`timed out waiting for ${lockDir}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure the aws-lambda-ric addon is built. Resolves with `built: false` when it
 * already was.
 */
export async function ensureRic({ log = (line) => console.error(`[ensure-ric] ${line}`) } = {}) {
  const pkg = ricPackageDir();
  if (addonLoads(pkg)) return { built: false, seconds: 0 };
  return withLock(join(pkg, '.faasade-build-lock'), () => {
    if (addonLoads(pkg)) return { built: false, seconds: 0 };
    const started = Date.now();
    log(`building the native addon in ${pkg} (takes a few minutes)`);
    build(pkg, log);
    if (!addonLoads(pkg)) throw new Error('aws-lambda-ric was built but its addon still does not load');
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`built in ${seconds} s`);
    return { built: true, seconds };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureRic().then(
    (result) => console.log(result.built ? `aws-lambda-ric built in ${result.seconds} s` : 'aws-lambda-ric is ready'),
    (error) => {
      console.error(`[ensure-ric] ${error.message}`);
      process.exit(1);
    },
  );
}
