// Run in a fresh process by lazy-sdk.test.ts: reports which Google modules are loaded
// after importing the driver entry, after opening a bucket, and after its first call.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const googleModules = (): number => Object.keys(require.cache).filter((path) => /[\\/](@google-cloud[\\/]storage|google-auth-library|gaxios)[\\/]/.test(path)).length;

const report: Record<string, number> = {};
const { GcsDriver, storageScheme } = await import('@faasade/gcp/gcs');
const { Bucket, registerStorageScheme, openBucket } = await import('@faasade/core/storage');
report.afterImport = googleModules();
registerStorageScheme(storageScheme);
const viaUrl = openBucket(`gs://lazy-probe?apiEndpoint=${encodeURIComponent(process.argv[2]!)}`);
const direct = new Bucket(new GcsDriver({ bucket: 'lazy-probe', clientOptions: { apiEndpoint: process.argv[2]!, retryOptions: { autoRetry: false } } }));
report.afterOpen = googleModules();
await direct.exists('k').catch(() => undefined);
report.afterFirstCall = googleModules();
await viaUrl.close();
process.stdout.write(JSON.stringify(report));
