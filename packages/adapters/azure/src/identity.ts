/**
 * `@faasade/azure/identity` — the Function App's managed identity as a token credential
 * for the Azure SDK clients (the Blob driver), without `@azure/identity`.
 * @packageDocumentation
 */
export { appServiceManagedIdentity, type AccessTokenLike, type TokenCredentialLike } from './identity/managed-identity.js';
