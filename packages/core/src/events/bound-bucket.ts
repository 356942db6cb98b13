/**
 * The physical bucket a logical binding names in this deployment, read from the same
 * `FAASADE_BUCKET_<NAME>` variable `bucket(name)` opens, without loading the storage layer
 * (event adapters need only the name, to skip events from other buckets).
 *
 * `s3://my-images?region=…` → `my-images`, `gs://my-images` → `my-images`,
 * `azblob://images?account=…` → `images`, `mem://images` → `images`,
 * `file:///srv/buckets/images` → `images`. Undefined when the variable is unset or not a URL:
 * then events are not filtered by bucket.
 */
export function boundBucketName(binding: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const value = env[`FAASADE_BUCKET_${binding.toUpperCase().replace(/-/g, '_')}`]?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol === 'file:') {
    const segments = decodeURIComponent(url.pathname).split('/').filter(Boolean);
    return segments.at(-1);
  }
  return url.hostname ? decodeURIComponent(url.hostname) : undefined;
}
