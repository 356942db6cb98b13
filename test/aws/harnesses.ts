import { lambdaHarness } from './lambda-harness.js';
import { albDoor, albMultiValueDoor } from './front-doors/alb.js';
import { functionUrlDoor } from './front-doors/function-url.js';
import { httpApiDoor } from './front-doors/http-api.js';
import { restApiCustomDomainDoor, restApiDoor } from './front-doors/rest-api.js';

/** Contract harnesses for every AWS front door, each running the function in aws-lambda-ric. */
export const restApiHarness = lambdaHarness(restApiDoor);
export const restApiCustomDomainHarness = lambdaHarness(restApiCustomDomainDoor);
export const httpApiHarness = lambdaHarness(httpApiDoor);
export const functionUrlHarness = lambdaHarness(functionUrlDoor);
export const albHarness = lambdaHarness(albDoor);
export const albMultiValueHarness = lambdaHarness(albMultiValueDoor);

export const awsHarnesses = [restApiHarness, restApiCustomDomainHarness, httpApiHarness, functionUrlHarness, albHarness, albMultiValueHarness];
