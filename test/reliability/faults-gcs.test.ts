/** Storage fault injection against the GCS JSON API test server through the GCS driver (see fault-suite.ts). */
import { GcsDriver } from '@faasade/gcp/gcs';
import { startGcsServer } from '../servers/gcs.js';
import { describeStorageFaults } from './fault-suite.js';

// The client reads through node-fetch 2, which notices a connection closed in the middle of
// a Content-Length body only at its request timeout (60 s by default; 3 s here to keep the
// run short). The driver gives media downloads the same bound (stall-guard.ts).
describeStorageFaults({
  name: 'GCS JSON API test server (GCS driver)',
  dropsEndInTimeouts: 'node-fetch 2 (under @google-cloud/storage) sees a connection closed mid-body only at the request timeout',
  async start() {
    const gcs = await startGcsServer();
    await gcs.createBucket('faults');
    return {
      endpoint: gcs.endpoint,
      driverAt: (endpoint) => new GcsDriver({ bucket: 'faults', clientOptions: { ...gcs.storageOptions, apiEndpoint: endpoint, timeout: 3000 } }),
      stop: () => gcs.stop(),
    };
  },
});
