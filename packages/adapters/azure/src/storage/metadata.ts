/**
 * Metadata names. Portable names are `[a-z][a-z0-9_]*`, which are already C# identifiers
 * as Azure requires, so they are stored unchanged. Azure compares names
 * case-insensitively and keeps the case they were written in (Azurite lower-cases them),
 * so names written by other tools are lower-cased on the way back.
 * See https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#metadata-names
 */

/** Portable metadata from what Azure returned: names in lower case. */
export function fromAzureMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) out[name.toLowerCase()] = value;
  return out;
}
