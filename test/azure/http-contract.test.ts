import { describeHttpAdapter } from '@faasade/contract';
import { describeHelloApi } from '../shared/hello-suite.js';
import { azureHarness } from './harness.js';

// The Functions host cannot be installed here; see harness.ts for what stands in for it.
describeHttpAdapter(azureHarness());
describeHelloApi(azureHarness());
