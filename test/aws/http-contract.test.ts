import { describeHttpAdapter } from '@faasade/contract';
import { describeHelloApi } from '../shared/hello-suite.js';
import { awsHarnesses } from './harnesses.js';

// The HTTP adapter contract and the greeting API, through every AWS front door, each
// function running inside the real aws-lambda-ric fed by a local Runtime API.
for (const harness of awsHarnesses) {
  describeHttpAdapter(harness);
  describeHelloApi(harness);
}
