import { describeHttpAdapter } from '@faasade/contract';
import { directHarness } from './direct-harness.js';

describeHttpAdapter(directHarness);
import { describeHelloApi } from '../shared/hello-suite.js';

describeHelloApi(directHarness);
