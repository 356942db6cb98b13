/** Storage fault injection against s3rver 3.7.1 through the S3 driver (see fault-suite.ts). */
import { S3Driver } from '@faasade/aws/s3';
import { startS3rver } from '../servers/s3rver.js';
import { describeStorageFaults } from './fault-suite.js';

describeStorageFaults({
  name: 's3rver 3.7.1 (S3 driver)',
  noConditionalWrites: 's3rver 3.7.1 ignores If-None-Match and If-Match on PUT (AWS S3 enforces them), so the driver runs with conditionalWrites: false',
  async start() {
    const s3 = await startS3rver();
    await s3.createBucket('faults');
    return {
      endpoint: s3.endpoint,
      driverAt: (endpoint) => new S3Driver({ bucket: 'faults', clientConfig: { ...s3.clientConfig, endpoint }, conditionalWrites: false }),
      stop: () => s3.stop(),
    };
  },
});
