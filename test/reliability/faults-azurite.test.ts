/** Storage fault injection against Azurite 3.35.0 through the Azure Blob driver (see fault-suite.ts). */
import { AzureBlobDriver } from '@faasade/azure/blob';
import { startAzurite } from '../servers/azurite.js';
import { describeStorageFaults } from './fault-suite.js';

describeStorageFaults({
  name: 'Azurite 3.35.0 (Azure Blob driver)',
  async start() {
    const azurite = await startAzurite();
    await azurite.createContainer('faults');
    const { origin, pathname } = new URL(azurite.blobEndpoint);
    return {
      endpoint: origin,
      driverAt: (endpoint) => new AzureBlobDriver({
        endpoint: `${endpoint}${pathname}`, container: 'faults', sharedKey: { account: azurite.accountName, key: azurite.accountKey },
      }),
      stop: () => azurite.stop(),
    };
  },
});
