import { badRequest, conditionNotMet, notModified } from './errors.js';

/** GCS generation/metageneration preconditions, parsed from query parameters. */
export interface Preconditions {
  ifGenerationMatch?: number;
  ifGenerationNotMatch?: number;
  ifMetagenerationMatch?: number;
  ifMetagenerationNotMatch?: number;
}

/** The part of a stored object that preconditions look at. */
export interface Versioned {
  generation: number;
  metageneration: number;
}

const NAMES = ['GenerationMatch', 'GenerationNotMatch', 'MetagenerationMatch', 'MetagenerationNotMatch'] as const;

/**
 * Reads `ifGenerationMatch`… (or, with `source`, `ifSourceGenerationMatch`… as rewrite
 * and copy take for their source object) from a query string.
 */
export function parsePreconditions(query: URLSearchParams, source = false): Preconditions {
  const result: Preconditions = {};
  for (const name of NAMES) {
    const param = `if${source ? 'Source' : ''}${name}`;
    const raw = query.get(param);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw)) throw badRequest(`Invalid value for ${param}: ${raw}`);
    result[`if${name}`] = Number(raw);
  }
  return result;
}

/**
 * Checks preconditions for a write (insert, patch, delete, rewrite destination). GCS
 * semantics: `ifGenerationMatch=0` means "no live object"; every other condition needs a
 * live object to hold. Failure is 412 conditionNotMet.
 */
export function checkWrite(current: Versioned | undefined, p: Preconditions): void {
  if (!holds(current, p)) throw conditionNotMet();
}

/**
 * Checks preconditions for a read of an existing object: a failed `…Match` is 412, a
 * failed `…NotMatch` is 304 Not Modified, as GCS answers GET requests.
 */
export function checkRead(current: Versioned, p: Preconditions): void {
  if (!holds(current, { ifGenerationMatch: p.ifGenerationMatch, ifMetagenerationMatch: p.ifMetagenerationMatch })) {
    throw conditionNotMet();
  }
  if (!holds(current, { ifGenerationNotMatch: p.ifGenerationNotMatch, ifMetagenerationNotMatch: p.ifMetagenerationNotMatch })) {
    throw notModified();
  }
}

function holds(current: Versioned | undefined, p: Preconditions): boolean {
  const generation = current?.generation ?? 0;
  if (p.ifGenerationMatch !== undefined && p.ifGenerationMatch !== generation) return false;
  if (p.ifGenerationNotMatch !== undefined && (!current || p.ifGenerationNotMatch === generation)) return false;
  if (p.ifMetagenerationMatch !== undefined && (!current || p.ifMetagenerationMatch !== current.metageneration)) return false;
  if (p.ifMetagenerationNotMatch !== undefined && (!current || p.ifMetagenerationNotMatch === current.metageneration)) return false;
  return true;
}
