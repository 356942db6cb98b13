import { readFile } from 'node:fs/promises';
import { CliError, firstLine } from '../errors.js';

/** Reads a JSON event from a file, or from stdin for `-`. BOM-tolerant (vendor samples often start with one). */
export async function readEventFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLine(error);
    throw new CliError('EventFileInvalid', `cannot read event file ${path}: ${reason}; pass --event <file.json> or --event - for stdin`, { cause: error });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError('EventFileInvalid', `event ${path === '-' ? 'on stdin' : `file ${path}`} is not valid JSON (${firstLine(error)}); fix it or record the event again`, { cause: error });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON object, or a CliError naming what it is instead. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError('EventFileInvalid', `${what} must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
