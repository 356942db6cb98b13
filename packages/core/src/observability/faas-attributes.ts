import type { Cloud } from '../context/context.js';

/** Span attribute values as OpenTelemetry takes them. */
export type Attributes = Record<string, string | number | boolean>;

type Env = Readonly<Record<string, string | undefined>>;

const PROVIDER: Partial<Record<Cloud, string>> = { aws: 'aws', azure: 'azure', gcp: 'gcp' };
const cache = new Map<Cloud, Attributes>();

/**
 * What the runtime's environment says about the function, as OpenTelemetry's cloud and
 * FaaS semantic conventions name it (https://opentelemetry.io/docs/specs/semconv/faas/).
 * Read once per process: these variables are fixed for an instance's life.
 */
export function instanceAttributes(cloud: Cloud, env: Env = process.env): Attributes {
  let attributes = cache.get(cloud);
  if (!attributes) {
    attributes = readInstance(cloud, env);
    cache.set(cloud, attributes);
  }
  return attributes;
}

function readInstance(cloud: Cloud, env: Env): Attributes {
  const out: Attributes = {};
  const provider = PROVIDER[cloud];
  if (provider) out['cloud.provider'] = provider;
  const set = (key: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  if (cloud === 'aws') {
    out['cloud.platform'] = 'aws_lambda';
    set('cloud.region', env.AWS_REGION);
    set('faas.version', env.AWS_LAMBDA_FUNCTION_VERSION);
    set('faas.instance', env.AWS_LAMBDA_LOG_STREAM_NAME);
    const memoryMb = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    if (Number.isFinite(memoryMb) && memoryMb > 0) out['faas.max_memory'] = memoryMb * 1024 * 1024;
  } else if (cloud === 'gcp') {
    out['cloud.platform'] = env.K_SERVICE ? 'gcp_cloud_run' : 'gcp_cloud_functions';
    set('cloud.account.id', env.GOOGLE_CLOUD_PROJECT ?? env.GCP_PROJECT);
    set('cloud.region', env.FUNCTION_REGION);
    set('faas.version', env.K_REVISION);
  } else if (cloud === 'azure') {
    out['cloud.platform'] = 'azure_functions';
    set('cloud.region', env.REGION_NAME);
    set('faas.instance', env.WEBSITE_INSTANCE_ID);
  }
  return out;
}

/**
 * `cloud.resource_id` of one function: the adapter's value when it has one, else the
 * Lambda context's `invokedFunctionArn`, else what Azure's variables spell out
 * (`/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<app>/functions/<name>`).
 */
export function resourceId(cloud: Cloud, functionName: string, given: string | undefined, platformContext: unknown, env: Env = process.env): string | undefined {
  if (given) return given;
  if (cloud === 'aws') {
    const arn = (platformContext as { invokedFunctionArn?: unknown } | null | undefined)?.invokedFunctionArn;
    return typeof arn === 'string' && arn.startsWith('arn:') ? arn : undefined;
  }
  if (cloud !== 'azure') return undefined;
  // WEBSITE_OWNER_NAME is "<subscription>+<group>-<region>webspace"; the group is also given on its own.
  const subscription = env.WEBSITE_OWNER_NAME?.split('+', 1)[0];
  const group = env.WEBSITE_RESOURCE_GROUP;
  const site = env.WEBSITE_SITE_NAME;
  if (!subscription || !group || !site) return undefined;
  return `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Web/sites/${site}/functions/${functionName}`;
}
