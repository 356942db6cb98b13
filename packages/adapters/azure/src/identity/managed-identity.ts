/**
 * The app's system-assigned managed identity as an Entra ID token credential for the
 * Blob Storage SDK, read from the token endpoint App Service and Azure Functions give every
 * app (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`, protocol version 2019-08-01:
 * https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference).
 * It stands in for `@azure/identity`'s ManagedIdentityCredential, whose MSAL dependency
 * would multiply the artifact for one HTTP call. `faasade build --target azure` gives it to
 * the Blob driver of functions that open buckets.
 */

/** The token shape Azure SDK clients expect from a credential. */
export interface AccessTokenLike {
  token: string;
  expiresOnTimestamp: number;
}

/** The `TokenCredential` contract of `@azure/core-auth`, structurally. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[]): Promise<AccessTokenLike | null>;
}

// Tokens are renewed this long before they expire, so no request carries a dying one.
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * A credential that asks the App Service token endpoint for a token per resource and
 * keeps it until five minutes before it expires. A failed request is not cached: the next
 * call asks again.
 *
 * @example
 * import { azureBlobScheme } from '@faasade/azure/blob';
 * import { appServiceManagedIdentity } from '@faasade/azure/identity';
 * registerStorageScheme(azureBlobScheme({ credential: appServiceManagedIdentity() }));
 * @param env Where `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` are read (default `process.env`).
 */
export function appServiceManagedIdentity(env: Readonly<Record<string, string | undefined>> = process.env): TokenCredentialLike {
  const cache = new Map<string, Promise<AccessTokenLike>>();
  return {
    async getToken(scopes) {
      const resource = resourceOf(scopes);
      const cached = cache.get(resource);
      if (cached) {
        const token = await cached.catch(() => undefined);
        if (token && token.expiresOnTimestamp - RENEW_BEFORE_MS > Date.now()) return token;
      }
      const request = fetchToken(resource, env);
      cache.set(resource, request);
      request.catch(() => cache.delete(resource));
      return request;
    },
  };
}

// An Entra scope ("https://storage.azure.com/.default") names its resource before "/.default".
function resourceOf(scopes: string | string[]): string {
  const scope = Array.isArray(scopes) ? scopes[0] : scopes;
  if (!scope) throw new Error('managed identity: a token was asked for without a scope');
  return scope.replace(/\/\.default$/, '/');
}

async function fetchToken(resource: string, env: Readonly<Record<string, string | undefined>>): Promise<AccessTokenLike> {
  const endpoint = env.IDENTITY_ENDPOINT;
  const secret = env.IDENTITY_HEADER;
  if (!endpoint || !secret) {
    throw new Error('managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set; turn on the app\'s system-assigned identity');
  }
  const url = new URL(endpoint);
  url.searchParams.set('resource', resource);
  url.searchParams.set('api-version', '2019-08-01');
  const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': secret }, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`managed identity: the token endpoint answered ${response.status}: ${text.slice(0, 300)}`);
  let body: { access_token?: unknown; expires_on?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error('managed identity: the token endpoint answered something that is not JSON');
  }
  const expiresOn = Number(body.expires_on);
  if (typeof body.access_token !== 'string' || !Number.isFinite(expiresOn)) {
    throw new Error('managed identity: the token endpoint\'s answer has no access_token or expires_on');
  }
  return { token: body.access_token, expiresOnTimestamp: expiresOn * 1000 };
}
