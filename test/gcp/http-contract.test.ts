import { describeHttpAdapter } from '@faasade/contract';
import { describeHelloApi } from '../shared/hello-suite.js';
import { cliHarness } from './cli-harness.js';
import { inProcessHarness } from './in-process-harness.js';

describeHttpAdapter(inProcessHarness);
describeHelloApi(inProcessHarness);
describeHttpAdapter(cliHarness);
describeHelloApi(cliHarness);
