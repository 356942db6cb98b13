import { echoObjectFunction } from '../fixtures/gcp/echo-object-function.js';
import { inspectFunction } from '../fixtures/gcp/inspect-function.js';
import { moduleOf, pathFrom, registerFunctionModule, type FunctionModule } from '../shared/function-modules.js';

// The GCP harnesses' own test functions, beside the shared ones (contract, hello).
registerFunctionModule(inspectFunction, { specifier: pathFrom(import.meta.url, '../fixtures/gcp/inspect-function.ts'), exportName: 'inspectFunction' });
registerFunctionModule(echoObjectFunction, { specifier: pathFrom(import.meta.url, '../fixtures/gcp/echo-object-function.ts'), exportName: 'echoObjectFunction' });

export { moduleOf, registerFunctionModule, type FunctionModule };
