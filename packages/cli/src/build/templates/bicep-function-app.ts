import { bucketEnvName } from '@faasade/core/storage';
import { roundUpMemory, type DeploySpec } from '../deploy-spec.js';

/** The blob container Event Grid writes the events it could not deliver into. */
export const DEAD_LETTER_CONTAINER = 'event-dead-letters';

/** Node.js version of the Function Apps. */
export const AZURE_NODE_VERSION = '22';
/** Flex Consumption instance sizes in MB. */
export const FLEX_MEMORY_MB = [512, 2048, 4096];

/** The blob container a binding names: `images` → `images`, `Raw_Uploads` → `raw-uploads`. */
export function containerOf(binding: string): string {
  return binding.toLowerCase().replace(/_/g, '-').replace(/-+/g, '-');
}

/** A blob container resource under `blobService`. */
export function container(symbol: string, name: string): string[] {
  return [`resource ${symbol} 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {`, '  parent: blobService', `  name: '${name}'`, '}'];
}

/**
 * One function's part of the template: its package container, Flex Consumption plan, Function
 * App (identity, settings, memory, always-ready), role assignments and, for an object
 * function, its Event Grid subscription.
 */
export function functionApp(spec: DeploySpec): string[] {
  const id = ident(spec.name);
  const packageContainer = `app-package-${containerOf(spec.name)}`.slice(0, 63).replace(/-$/, '');
  const settings = [
    ['AzureWebJobsStorage__accountName', 'storage.name'],
    ...spec.buckets.map((b) => [bucketEnvName(b), `'azblob://${containerOf(b)}?account=\${storage.name}'`]),
    ...Object.entries(spec.environment).map(([name, value]) => [name, `'${value}'`]),
  ];
  const group = spec.http ? "'http'" : `'function:${spec.name}'`;
  const lines = [
    `// ${spec.name}: ${spec.http ? `HTTP ${spec.http.route}` : `${spec.object!.events.join(' and ')} objects in ${spec.object!.bucket}`}`,
    ...container(`${id}Package`, packageContainer),
    '',
    `resource ${id}Plan 'Microsoft.Web/serverfarms@2024-04-01' = {`,
    `  name: 'plan-${spec.name}-\${suffix}'`,
    '  location: location',
    "  kind: 'functionapp'",
    "  sku: { tier: 'FlexConsumption', name: 'FC1' }",
    '  properties: { reserved: true }',
    '}',
    '',
    `resource ${id}App 'Microsoft.Web/sites@2024-04-01' = {`,
    `  name: take('${spec.name}-\${suffix}', 60)`,
    '  location: location',
    "  kind: 'functionapp,linux'",
    "  identity: { type: 'SystemAssigned' }",
    '  properties: {',
    `    serverFarmId: ${id}Plan.id`,
    '    httpsOnly: true',
    '    siteConfig: {',
    '      appSettings: [',
    ...settings.map(([name, value]) => `        { name: '${name}', value: ${value} }`),
    '      ]',
    '    }',
    '    functionAppConfig: {',
    '      deployment: {',
    '        storage: {',
    "          type: 'blobContainer'",
    `          value: '\${storage.properties.primaryEndpoints.blob}${packageContainer}'`,
    "          authentication: { type: 'SystemAssignedIdentity' }",
    '        }',
    '      }',
    '      scaleAndConcurrency: {',
    '        maximumInstanceCount: 100',
    `        instanceMemoryMB: ${roundUpMemory(spec.memoryMb, FLEX_MEMORY_MB)}`,
    `        alwaysReady: ${id}AlwaysReady > 0 ? [ { name: ${group}, instanceCount: ${id}AlwaysReady } ] : []`,
    '      }',
    `      runtime: { name: 'node', version: '${AZURE_NODE_VERSION}' }`,
    '    }',
    '  }',
    '}',
    '',
    ...roleAssignment(`${id}HostStorage`, 'storage', `${id}App`, 'blobDataOwner'),
    ...spec.buckets.flatMap((b) => ['', ...roleAssignment(`${id}${capital(ident(b))}Access`, `${ident(b)}Container`, `${id}App`, 'blobDataContributor')]),
  ];
  if (spec.object) lines.push('', ...subscription(spec, id));
  return lines;
}

function roleAssignment(symbol: string, scope: string, app: string, role: string): string[] {
  return [
    `resource ${symbol} 'Microsoft.Authorization/roleAssignments@2022-04-01' = {`,
    `  name: guid(${scope}.id, ${app}.id, ${role})`,
    `  scope: ${scope}`,
    '  properties: {',
    `    roleDefinitionId: ${role}`,
    `    principalId: ${app}.identity.principalId`,
    "    principalType: 'ServicePrincipal'",
    '  }',
    '}',
  ];
}

function subscription(spec: DeploySpec, id: string): string[] {
  const { bucket, events, prefix, suffix } = spec.object!;
  const types = events.map((event) => `'Microsoft.Storage.Blob${event === 'created' ? 'Created' : 'Deleted'}'`).join(', ');
  return [
    `resource ${id}Events 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (subscribeEvents) {`,
    '  parent: storageEvents',
    `  name: '${spec.name}'`,
    '  properties: {',
    '    destination: {',
    "      endpointType: 'AzureFunction'",
    '      properties: {',
    `        resourceId: '\${${id}App.id}/functions/${spec.name}'`,
    '        maxEventsPerBatch: 1',
    '        preferredBatchSizeInKilobytes: 64',
    '      }',
    '    }',
    '    filter: {',
    `      includedEventTypes: [ ${types} ]`,
    `      subjectBeginsWith: '${bicepString(`/blobServices/default/containers/${containerOf(bucket)}/blobs/${prefix}`)}'`,
    ...(suffix ? [`      subjectEndsWith: '${bicepString(suffix)}'`] : []),
    '    }',
    "    eventDeliverySchema: 'EventGridSchema'",
    // Event Grid's defaults, stated: at most 30 deliveries within a day, then the dead letter.
    '    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }',
    '    deadLetterWithResourceIdentity: {',
    "      identity: { type: 'SystemAssigned' }",
    '      deadLetterDestination: {',
    "        endpointType: 'StorageBlob'",
    `        properties: { resourceId: storage.id, blobContainerName: '${DEAD_LETTER_CONTAINER}' }`,
    '      }',
    '    }',
    '  }',
    '  dependsOn: [ storageEventsDeadLetters ]',
    '}',
  ];
}

/** `image-renditions` → `imageRenditions`: a Bicep identifier. */
export function ident(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.map((part, index) => (index === 0 ? part[0]!.toLowerCase() + part.slice(1) : capital(part))).join('');
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

// Inside '...': backslash and quote are escaped, and ${ would start an interpolation.
function bicepString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${');
}
