import { execFile, spawnSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildTemplate } from '../../packages/cli/src/build/index.js';
import { makeTempDir } from '../servers/temp-dir.js';
import { EXAMPLE_MODULES, PROBE_MODULE } from './artifacts.js';
import { readBicep, type BicepValue } from './bicep-reader.js';
import { parseCfnYaml } from './cfn-yaml.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const committed = (path: string) => readFile(join(repo, 'deploy', path), 'utf8');
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const CFN_LINT = has('cfn-lint');
const GCLOUD = has('gcloud');
if (!CFN_LINT) console.warn('templates.test: cfn-lint is not installed (pip install cfn-lint): the SAM template is not linted');
if (!GCLOUD) console.warn('templates.test: gcloud is not installed: the script\'s flags are not checked against its help');

describe('the committed templates are what faasade build generates for the example functions', () => {
  it.each([['aws', 'aws/template.yaml'], ['azure', 'azure/main.bicep'], ['gcp', 'gcp/deploy.sh']] as const)('%s', async (target, path) => {
    const generated = await buildTemplate({ target, modules: EXAMPLE_MODULES, cwd: repo });
    expect(generated.text).toBe(await committed(path));
  });
});

type Resource = { Type: string; Properties: Record<string, any> };

describe('AWS SAM template', () => {
  it('parses, and wires the HTTP API route, the bucket, the EventBridge rule on uploads/ and least-privilege S3 access', async () => {
    const template = parseCfnYaml(await committed('aws/template.yaml')) as { Transform: string; Globals: any; Resources: Record<string, Resource> };
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(template.Globals.Function).toMatchObject({ Handler: 'index.handler', Architectures: ['x86_64'] });
    const { ImagesBucket, HelloFunction, ImageRenditionsFunction } = template.Resources;
    expect(ImagesBucket!.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(HelloFunction!.Properties).toMatchObject({ CodeUri: 'hello.zip', MemorySize: 256, Events: { Http: { Type: 'HttpApi', Properties: { Path: '/hello' } } } });
    expect(HelloFunction!.Properties.Policies).toBeUndefined();
    const renditions = ImageRenditionsFunction!.Properties;
    expect(renditions).toMatchObject({ CodeUri: 'image-renditions.zip', MemorySize: 1536, Timeout: 120 });
    expect(renditions.Environment.Variables.FAASADE_BUCKET_IMAGES).toEqual({ 'Fn::Sub': 's3://${ImagesBucket}?region=${AWS::Region}' });
    const rule = Object.values(renditions.Events as Record<string, any>)[0];
    expect(rule.Type).toBe('EventBridgeRule');
    expect(rule.Properties.Pattern).toEqual({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [{ Ref: 'ImagesBucket' }] }, object: { key: [{ prefix: 'uploads/' }] } } });
    expect(rule.Properties.DeadLetterConfig.Type).toBe('SQS');
    const statements = renditions.Policies.flatMap((policy: { Statement: unknown[] }) => policy.Statement);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ImagesBucket}/*' } },
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ImagesBucket}' } },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['ImageRenditionsDeadLetterQueue', 'Arn'] } },
    ]);
    expect(renditions.ProvisionedConcurrencyConfig).toBeUndefined();
  });

  it('sends a poison event, after Lambda\'s two retries, to a dead-letter queue as an on-failure destination the role may write to', async () => {
    const template = parseCfnYaml(await committed('aws/template.yaml')) as { Resources: Record<string, Resource> };
    const { ImageRenditionsFunction, ImageRenditionsDeadLetterQueue, HelloFunction } = template.Resources;
    const renditions = ImageRenditionsFunction!.Properties;
    const queueArn = { 'Fn::GetAtt': ['ImageRenditionsDeadLetterQueue', 'Arn'] };
    expect(renditions.EventInvokeConfig).toEqual({
      MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21_600, DestinationConfig: { OnFailure: { Type: 'SQS', Destination: queueArn } },
    });
    // One place for poison events: the destination (with the error), not also the older DeadLetterQueue.
    expect(renditions.DeadLetterQueue).toBeUndefined();
    expect(ImageRenditionsDeadLetterQueue).toEqual({ Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600 } });
    const statements = renditions.Policies.flatMap((policy: { Statement: Array<{ Action: string[]; Resource: unknown }> }) => policy.Statement);
    expect(statements.filter((statement: { Action: string[] }) => statement.Action.some((action) => action.startsWith('sqs:')))).toEqual([
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: queueArn },
    ]);
    expect(HelloFunction!.Properties.EventInvokeConfig).toBeUndefined();
  });

  it('turns warmInstances into provisioned concurrency on a published alias, and --arch arm64 into Graviton', async () => {
    const { text } = await buildTemplate({ target: 'aws', modules: [PROBE_MODULE], cwd: repo, arch: 'arm64' });
    const template = parseCfnYaml(text) as { Globals: any; Resources: Record<string, Resource> };
    expect(template.Globals.Function.Architectures).toEqual(['arm64']);
    expect(template.Resources.ProbeFunction!.Properties).toMatchObject({ AutoPublishAlias: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });
  });

  it.skipIf(!CFN_LINT)('passes cfn-lint (the SAM transform, then the CloudFormation resource schemas) without errors', async () => {
    const result = spawnSync('cfn-lint', ['--format', 'parseable', join(repo, 'deploy', 'aws', 'template.yaml')], { encoding: 'utf8' });
    // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
    expect({ errors: (result.status ?? 2) & 2, output: result.stdout }).toEqual({ errors: 0, output: expect.any(String) });
    expect(result.stdout.split('\n').filter((line) => /:E\d+:/.test(line))).toEqual([]);
  });
});

describe('Azure Bicep template', () => {
  const objectAt = (value: BicepValue | undefined) => value as Record<string, BicepValue>;

  it('parses, and every parent, scope and reference names a declared resource or parameter', async () => {
    const bicep = readBicep(await committed('azure/main.bicep'));
    const symbols = new Set([...bicep.resources.map((r) => r.symbol), ...bicep.params.keys(), ...bicep.vars.keys()]);
    for (const resource of bicep.resources) {
      for (const field of ['parent', 'scope']) {
        const ref = resource.body[field] as { expr: string } | undefined;
        if (ref) expect(symbols.has(ref.expr), `${resource.symbol}.${field} = ${ref.expr}`).toBe(true);
      }
      for (const ref of (resource.body.dependsOn ?? []) as Array<{ expr: string }>) expect(symbols.has(ref.expr), `${resource.symbol}.dependsOn ${ref.expr}`).toBe(true);
    }
    const text = await committed('azure/main.bicep');
    for (const [, name] of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) expect(symbols.has(name!) || ['uniqueString'].includes(name!), name).toBe(true);
  });

  it('declares the storage account and container, a Flex Consumption plan and an identity-bearing app per function, its roles, and the Event Grid filter on uploads/', async () => {
    const bicep = readBicep(await committed('azure/main.bicep'));
    const byType = (type: string) => bicep.resources.filter((r) => r.type === type);
    expect(byType('Microsoft.Storage/storageAccounts/blobServices/containers').map((r) => r.body.name)).toContain('images');
    expect(byType('Microsoft.Web/serverfarms').map((r) => r.body.sku)).toEqual([{ tier: 'FlexConsumption', name: 'FC1' }, { tier: 'FlexConsumption', name: 'FC1' }]);
    const apps = byType('Microsoft.Web/sites');
    expect(apps.map((app) => [app.symbol, app.body.identity])).toEqual([['helloApp', { type: 'SystemAssigned' }], ['imageRenditionsApp', { type: 'SystemAssigned' }]]);
    const renditions = apps.find((app) => app.symbol === 'imageRenditionsApp')!;
    const settings = objectAt(objectAt(renditions.body.properties).siteConfig).appSettings as Array<{ name: string; value: BicepValue }>;
    expect(settings).toContainEqual({ name: 'FAASADE_BUCKET_IMAGES', value: 'azblob://images?account=${storage.name}' });
    const scale = objectAt(objectAt(objectAt(renditions.body.properties).functionAppConfig).scaleAndConcurrency);
    expect(scale.instanceMemoryMB).toBe(2048);
    expect((scale.alwaysReady as { expr: string }).expr).toMatch(/^imageRenditionsAlwaysReady > 0/);
    const roles = byType('Microsoft.Authorization/roleAssignments').map((r) => [r.symbol, (r.body.scope as { expr: string }).expr, (objectAt(r.body.properties).roleDefinitionId as { expr: string }).expr]);
    expect(roles).toContainEqual(['imageRenditionsImagesAccess', 'imagesContainer', 'blobDataContributor']);
    expect(roles.filter(([symbol]) => String(symbol).startsWith('hello')).map(([, scope]) => scope)).toEqual(['storage']);
    expect(bicep.vars.get('blobDataContributor')).toEqual({ expr: "subscriptionResourceId('Microsoft.Authorization/roleDefinitions','ba92f5b4-2d11-453d-a403-e96b0029c9fe')" });
    const [subscription] = byType('Microsoft.EventGrid/systemTopics/eventSubscriptions');
    expect(subscription!.condition).toBe('subscribeEvents');
    expect(objectAt(subscription!.body.properties).filter).toEqual({ includedEventTypes: ['Microsoft.Storage.BlobCreated'], subjectBeginsWith: '/blobServices/default/containers/images/blobs/uploads/' });
    expect(objectAt(objectAt(subscription!.body.properties).destination).endpointType).toBe('AzureFunction');
    expect(byType('Microsoft.EventGrid/systemTopics')[0]!.body.properties).toEqual({ source: { expr: 'storage.id' }, topicType: 'Microsoft.Storage.StorageAccounts' });
  });

  it('dead-letters what Event Grid gave up on into a container, written with the system topic\'s identity', async () => {
    const bicep = readBicep(await committed('azure/main.bicep'));
    const bySymbol = (symbol: string) => bicep.resources.find((r) => r.symbol === symbol)!;
    const [subscription] = bicep.resources.filter((r) => r.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
    const properties = objectAt(subscription!.body.properties);
    expect(properties.retryPolicy).toEqual({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
    // The account takes no shared keys, so dead-lettering must use an identity.
    expect(properties.deadLetterWithResourceIdentity).toEqual({
      identity: { type: 'SystemAssigned' },
      deadLetterDestination: { endpointType: 'StorageBlob', properties: { resourceId: { expr: 'storage.id' }, blobContainerName: 'event-dead-letters' } },
    });
    expect(properties.deadLetterDestination).toBeUndefined();
    expect(bySymbol('deadLetterContainer').body).toMatchObject({ parent: { expr: 'blobService' }, name: 'event-dead-letters' });
    expect(bySymbol('storageEvents').body.identity).toEqual({ type: 'SystemAssigned' });
    const grant = bySymbol('storageEventsDeadLetters');
    expect(grant.type).toBe('Microsoft.Authorization/roleAssignments');
    expect(grant.body.scope).toEqual({ expr: 'deadLetterContainer' });
    expect(objectAt(grant.body.properties)).toMatchObject({ roleDefinitionId: { expr: 'blobDataContributor' }, principalId: { expr: 'storageEvents.identity.principalId' } });
    expect(subscription!.body.dependsOn).toEqual([{ expr: 'storageEventsDeadLetters' }]);
  });

  it('turns warmInstances into the always-ready default', async () => {
    const bicep = readBicep((await buildTemplate({ target: 'azure', modules: [PROBE_MODULE], cwd: repo })).text);
    expect(bicep.params.get('probeAlwaysReady')?.default).toBe(2);
  });
});

describe('GCP gcloud script', () => {
  it('is valid bash, and runs the gcloud commands that create the bucket, the accounts, the roles and both functions', async () => {
    await run('bash', ['-n', join(repo, 'deploy', 'gcp', 'deploy.sh')]);
    const calls = await runWithRecordingGcloud({ PROJECT: 'demo-project', IMAGE_RENDITIONS_MIN_INSTANCES: '1' });
    const deploys = calls.filter((argv) => argv[0] === 'functions' && argv[1] === 'deploy');
    expect(deploys.map((argv) => argv[2])).toEqual(['hello', 'image-renditions']);
    const [hello, renditions] = deploys;
    expect(hello).toEqual(expect.arrayContaining(['--gen2', '--trigger-http', '--allow-unauthenticated', '--source=./hello', '--entry-point=hello', '--memory=256Mi', '--min-instances=0']));
    expect(renditions).toEqual(expect.arrayContaining([
      '--trigger-event-filters=type=google.cloud.storage.object.v1.finalized', '--trigger-event-filters=bucket=demo-project-images',
      '--set-env-vars=FAASADE_BUCKET_IMAGES=gs://demo-project-images,MALLOC_ARENA_MAX=2', '--memory=2Gi', '--timeout=120s', '--min-instances=1', '--retry',
      '--service-account=fs-image-renditions@demo-project.iam.gserviceaccount.com',
    ]));
    expect(calls).toContainEqual(['storage', 'buckets', 'add-iam-policy-binding', 'gs://demo-project-images', '--member=serviceAccount:fs-image-renditions@demo-project.iam.gserviceaccount.com', '--role=roles/storage.objectAdmin']);
    expect(calls.some((argv) => argv.join(' ').startsWith('storage buckets create gs://demo-project-images'))).toBe(true);
    expect(calls.filter((argv) => argv.includes('--role=roles/storage.objectAdmin')).map((argv) => argv.find((a) => a.startsWith('--member')))).toEqual(['--member=serviceAccount:fs-image-renditions@demo-project.iam.gserviceaccount.com']);
  });

  it('gives the storage trigger\'s Pub/Sub subscription a dead-letter topic that keeps poison events, after 10 attempts with backoff', async () => {
    const calls = await runWithRecordingGcloud({ PROJECT: 'demo-project' });
    const line = (argv: string[]) => argv.join(' ');
    expect(calls.map(line)).toContain('pubsub topics create image-renditions-dead-letters --project=demo-project');
    // A topic keeps nothing by itself: a subscription that never expires holds the dead letters.
    expect(calls.map(line)).toContain('pubsub subscriptions create image-renditions-dead-letters --project=demo-project --topic=image-renditions-dead-letters --message-retention-duration=14d --expiration-period=never');
    const agent = '--member=serviceAccount:service-123456789@gcp-sa-pubsub.iam.gserviceaccount.com';
    expect(calls).toContainEqual(['pubsub', 'topics', 'add-iam-policy-binding', 'image-renditions-dead-letters', '--project=demo-project', agent, '--role=roles/pubsub.publisher']);
    expect(calls).toContainEqual(['pubsub', 'subscriptions', 'add-iam-policy-binding', FAKE_SUBSCRIPTION, '--project=demo-project', agent, '--role=roles/pubsub.subscriber']);
    expect(calls).toContainEqual(['pubsub', 'subscriptions', 'update', FAKE_SUBSCRIPTION, '--project=demo-project', '--dead-letter-topic=image-renditions-dead-letters',
      '--max-delivery-attempts=10', '--min-retry-delay=10s', '--max-retry-delay=600s']);
    // The subscription is the one Eventarc made for this function's trigger, looked up after the deploy.
    const at = (prefix: string) => calls.findIndex((argv) => line(argv).startsWith(prefix));
    expect(calls[at('eventarc triggers describe')]).toContain(FAKE_TRIGGER);
    expect(at('functions deploy image-renditions')).toBeLessThan(at('functions describe image-renditions'));
    expect(at('functions describe image-renditions')).toBeLessThan(at('pubsub subscriptions update'));
    expect(calls.filter((argv) => line(argv).includes('hello') && argv[0] === 'pubsub')).toEqual([]);
  });

  it.skipIf(!GCLOUD)('uses only commands and flags the installed gcloud documents', async () => {
    const calls = await runWithRecordingGcloud({ PROJECT: 'demo-project' });
    const commands = new Map<string, Set<string>>();
    for (const argv of calls) {
      const words = argv.filter((arg) => !arg.startsWith('-'));
      const path = words.slice(0, words[0] === 'iam' ? 3 : ['functions', 'projects', 'services'].includes(words[0]!) ? 2 : 3).join(' ');
      const flags = commands.get(path) ?? new Set<string>();
      for (const arg of argv) if (arg.startsWith('--')) flags.add(arg.split('=')[0]!.replace(/^--no-/, '--'));
      commands.set(path, flags);
    }
    for (const [path, flags] of commands) {
      const help = spawnSync('gcloud', [...path.split(' '), '--help'], { encoding: 'utf8', env: { ...process.env, PAGER: 'cat', CLOUDSDK_CORE_DISABLE_PROMPTS: '1' } });
      expect(help.status, `gcloud ${path} --help`).toBe(0);
      const text = help.stdout.replace(/\x1b\[[0-9;]*m/g, '');
      for (const flag of flags) expect(text.includes(flag) || text.includes(`--[no-]${flag.slice(2)}`), `gcloud ${path} ${flag}`).toBe(true);
    }
  }, 120_000);
});

// What the recording gcloud answers for the few values the script reads back: the project
// number, and the trigger and Pub/Sub subscription Eventarc made for a deployed function.
const FAKE_TRIGGER = 'projects/demo-project/locations/europe-west1/triggers/image-renditions-123456';
const FAKE_SUBSCRIPTION = 'projects/demo-project/subscriptions/eventarc-europe-west1-image-renditions-123456-sub-789';
const FAKE_ANSWERS = [
  "const said = (...words) => words.every((word, i) => args[i] === word);",
  "if (said('projects', 'describe')) { console.log('123456789'); process.exit(0); }",
  `if (said('functions', 'describe')) { console.log(${JSON.stringify(FAKE_TRIGGER)}); process.exit(0); }`,
  `if (said('eventarc', 'triggers', 'describe')) { console.log(${JSON.stringify(FAKE_SUBSCRIPTION)}); process.exit(0); }`,
].join('\n');

/** Runs deploy.sh with a `gcloud` on PATH that records its arguments (one JSON array per call) and answers like a project where nothing exists yet. */
async function runWithRecordingGcloud(env: Record<string, string>): Promise<string[][]> {
  const dir = await makeTempDir('fake-gcloud');
  try {
    const log = join(dir.path, 'calls.jsonl');
    const stub = join(dir.path, 'gcloud');
    await writeFile(stub, `#!/usr/bin/env node\nconst args = process.argv.slice(2);\nrequire('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');\n${FAKE_ANSWERS}\nif (args.includes('describe')) process.exit(1);\nif (args[0] === 'storage' && args[1] === 'service-agent') console.log('service-123@gs-project-accounts.iam.gserviceaccount.com');\n`);
    await chmod(stub, 0o755);
    await run('bash', [join(repo, 'deploy', 'gcp', 'deploy.sh')], { env: { PATH: `${dir.path}:${process.env.PATH}`, ...env } });
    return (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
  } finally {
    await dir.remove();
  }
}

describe('a function that uses sharp starts with MALLOC_ARENA_MAX=2 on every cloud (its peak memory; see test/bench/renditions.ts)', () => {
  it('AWS: in the image pipeline\'s environment, not in hello\'s', async () => {
    const { Resources } = parseCfnYaml(await committed('aws/template.yaml')) as { Resources: Record<string, Resource> };
    expect(Resources.ImageRenditionsFunction!.Properties.Environment.Variables.MALLOC_ARENA_MAX).toBe('2');
    expect(Resources.HelloFunction!.Properties.Environment?.Variables?.MALLOC_ARENA_MAX).toBeUndefined();
  });

  it('Azure: in the image pipeline app\'s settings, not in hello\'s', async () => {
    const apps = readBicep(await committed('azure/main.bicep')).resources.filter((r) => r.type === 'Microsoft.Web/sites');
    const field = (value: BicepValue | undefined, name: string) => (value as Record<string, BicepValue>)[name];
    const settingsOf = (symbol: string) => field(field(apps.find((app) => app.symbol === symbol)!.body.properties, 'siteConfig'), 'appSettings') as Array<{ name: string; value: BicepValue }>;
    expect(settingsOf('imageRenditionsApp')).toContainEqual({ name: 'MALLOC_ARENA_MAX', value: '2' });
    expect(settingsOf('helloApp').map((setting) => setting.name)).not.toContain('MALLOC_ARENA_MAX');
  });

  it('GCP: in the image pipeline\'s --set-env-vars, not in hello\'s', async () => {
    const script = await committed('gcp/deploy.sh');
    const deployOf = (name: string) => script.slice(script.indexOf(`gcloud functions deploy ${name} `)).split(/\n(?!\s)/)[0]!;
    expect(deployOf('image-renditions')).toMatch(/--set-env-vars="[^"]*\bMALLOC_ARENA_MAX=2\b/);
    expect(deployOf('hello')).not.toContain('MALLOC_ARENA_MAX');
  });
});
