import { describeHttpAdapter } from '@faasade/contract';
import { describeHelloApi } from '../shared/hello-suite.js';
import { directHarness } from './direct-harness.js';

describeHttpAdapter(directHarness);
describeHelloApi(directHarness);
