import { echoObjects, echoUploads } from '../fixtures/aws/echo-object-function.js';
import { moduleOf, pathFrom, registerFunctionModule, type FunctionModule } from '../shared/function-modules.js';
import { inspectFunction } from './functions/inspect.js';

// The AWS harnesses' own test functions, beside the shared ones (contract, hello).
registerFunctionModule(inspectFunction, { specifier: pathFrom(import.meta.url, './functions/inspect.ts'), exportName: 'inspectFunction' });
registerFunctionModule(echoObjects, { specifier: pathFrom(import.meta.url, '../fixtures/aws/echo-object-function.ts'), exportName: 'echoObjects' });
registerFunctionModule(echoUploads, { specifier: pathFrom(import.meta.url, '../fixtures/aws/echo-object-function.ts'), exportName: 'echoUploads' });

export { moduleOf, registerFunctionModule, type FunctionModule };
