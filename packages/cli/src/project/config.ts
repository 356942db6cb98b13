import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../errors.js';

/** The file `faasade` reads at the project root. */
export const CONFIG_FILE = 'faasade.config.json';

/** Where functions are looked for when the project has no config file. */
export const DEFAULT_FUNCTION_PATTERNS: readonly string[] = ['packages/functions/*'];

/**
 * A project as the command sees it: the config file (optional) and its defaults.
 *
 * ```json
 * {
 *   "functions": ["packages/functions/*", "src/report.ts"],
 *   "buckets": { "images": "./data/images", "archive": "s3://my-archive?region=eu-west-1" },
 *   "port": 3000
 * }
 * ```
 */
export interface ProjectConfig {
  /** The project directory; relative paths in the config are relative to it. */
  root: string;
  /** The config file read, if any. */
  file: string | undefined;
  /**
   * Where the function modules are: a module file, a package directory, or `dir/*` for
   * every module file and package directly inside `dir`.
   */
  functions: readonly string[];
  /** Bucket bindings: logical name → URL (or a local directory path). */
  buckets: Readonly<Record<string, string>>;
  /** Port of `faasade dev` unless `--port` says otherwise. */
  port: number | undefined;
}

const KNOWN_FIELDS = ['functions', 'buckets', 'port', '$schema'];
const BINDING_NAME = /^[a-z][a-z0-9_-]{0,62}$/i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Reads `faasade.config.json` at `root` (or `file`), or returns the defaults when there is
 * none. Bucket paths are resolved to `file:` URLs against the root.
 * @throws CliError `ConfigInvalid` naming the file and the field.
 */
export async function readProjectConfig(root: string, file?: string): Promise<ProjectConfig> {
  const path = file === undefined ? join(root, CONFIG_FILE) : resolve(root, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && file === undefined) {
      return { root, file: undefined, functions: DEFAULT_FUNCTION_PATTERNS, buckets: {}, port: undefined };
    }
    throw new CliError('ConfigInvalid', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const where = relative(process.cwd(), path) || path;
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError('ConfigInvalid', `${where} is not valid JSON (${(error as Error).message}); fix the file`, { cause: error });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CliError('ConfigInvalid', `${where} must hold a JSON object such as {"functions": ["packages/functions/*"]}`);
  }
  const fields = raw as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((name) => !KNOWN_FIELDS.includes(name));
  if (unknown.length > 0) {
    throw new CliError('ConfigInvalid', `${where}: unknown field "${unknown[0]}" (known: functions, buckets, port)`);
  }
  return {
    root,
    file: path,
    functions: readFunctions(fields.functions, where),
    buckets: readBuckets(fields.buckets, root, where),
    port: readPort(fields.port, where),
  };
}

function readFunctions(value: unknown, where: string): readonly string[] {
  if (value === undefined) return DEFAULT_FUNCTION_PATTERNS;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string' || entry.trim() === '')) {
    throw new CliError('ConfigInvalid', `${where}: "functions" must be a list of paths such as ["packages/functions/*", "src/hello.ts"]`);
  }
  return value as string[];
}

function readBuckets(value: unknown, root: string, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError('ConfigInvalid', `${where}: "buckets" must map binding names to URLs, such as {"images": "./data/images"}`);
  }
  const buckets: Record<string, string> = {};
  for (const [name, target] of Object.entries(value as Record<string, unknown>)) {
    if (!BINDING_NAME.test(name)) {
      throw new CliError('ConfigInvalid', `${where}: bucket name "${name}" must be a letter followed by letters, digits, "-" or "_"`);
    }
    if (typeof target !== 'string' || target.trim() === '') {
      throw new CliError('ConfigInvalid', `${where}: buckets.${name} must be a URL (s3://…, azblob://…, gs://…, file:///…) or a directory path`);
    }
    buckets[name] = toBucketUrl(target.trim(), root, `${where}: buckets.${name}`);
  }
  return buckets;
}

/** A URL as given, or a directory path (relative to the root) as a `file:` URL that is created on first write. */
export function toBucketUrl(target: string, root: string, where: string): string {
  // A Windows drive letter looks like a scheme; a path is what was meant.
  if (URL_SCHEME.test(target) && !/^[a-z]:[\\/]/i.test(target)) {
    try {
      return new URL(target).href;
    } catch (error) {
      throw new CliError('ConfigInvalid', `${where}: "${target}" is not a valid URL`, { cause: error });
    }
  }
  const dir = isAbsolute(target) ? target : resolve(root, target);
  return `${pathToFileURL(dir).href}?create=true`;
}

function readPort(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new CliError('ConfigInvalid', `${where}: "port" must be a port number from 0 to 65535`);
  }
  return value;
}
