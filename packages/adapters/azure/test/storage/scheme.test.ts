import { describe, expect, it } from 'vitest';
import { isStorageError } from '@faasade/core/storage';
import { AzureBlobDriver, azureBlobScheme, resolveAzureBlobUrl } from '../../src/blob.js';

const KEY = Buffer.from('not a real key').toString('base64');
const tokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };

function resolve(url: string, env: Record<string, string> = {}, credential?: typeof tokenCredential) {
  return resolveAzureBlobUrl(new URL(url), { env, ...(credential ? { credential } : {}) });
}

function invalidArgument(url: string, env: Record<string, string> = {}): string {
  try {
    resolve(url, env);
  } catch (error) {
    expect(isStorageError(error, 'InvalidArgument'), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('azblob:// URLs', () => {
  it('takes endpoint and credentials from AZURE_STORAGE_CONNECTION_STRING when the URL names no account', () => {
    const connectionString = `AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
    expect(resolve('azblob://photos', { AZURE_STORAGE_CONNECTION_STRING: connectionString }))
      .toEqual({ connectionString, container: 'photos' });
  });

  it('builds the public endpoint from ?account= and signs with AZURE_STORAGE_KEY', () => {
    expect(resolve('azblob://photos?account=acct', { AZURE_STORAGE_KEY: KEY, AZURE_STORAGE_CONNECTION_STRING: 'ignored' })).toEqual({
      endpoint: 'https://acct.blob.core.windows.net', container: 'photos', sharedKey: { account: 'acct', key: KEY },
    });
  });

  it('takes the account of an Azurite endpoint from its path, and of a cloud endpoint from its host', () => {
    const azurite = resolve(`azblob://photos?endpoint=${encodeURIComponent('http://127.0.0.1:10000/devstoreaccount1')}`, { AZURE_STORAGE_KEY: KEY });
    expect(azurite).toMatchObject({ endpoint: 'http://127.0.0.1:10000/devstoreaccount1', sharedKey: { account: 'devstoreaccount1' } });
    const sovereign = resolve('azblob://photos?endpoint=https://acct2.blob.core.chinacloudapi.cn', { AZURE_STORAGE_KEY: KEY });
    expect(sovereign).toMatchObject({ sharedKey: { account: 'acct2' } });
  });

  it('uses AZURE_STORAGE_ACCOUNT with a SAS token, or anonymously when no secret is set', () => {
    expect(resolve('azblob://photos', { AZURE_STORAGE_ACCOUNT: 'acct', AZURE_STORAGE_SAS_TOKEN: '?sv=1&sig=x' }))
      .toEqual({ endpoint: 'https://acct.blob.core.windows.net?sv=1&sig=x', container: 'photos' });
    expect(resolve('azblob://photos', { AZURE_STORAGE_ACCOUNT: 'acct' }))
      .toEqual({ endpoint: 'https://acct.blob.core.windows.net', container: 'photos' });
  });

  it('prefers the scheme\'s injected credential (a managed identity) over keys in the environment', () => {
    expect(resolve('azblob://photos?account=acct', { AZURE_STORAGE_KEY: KEY }, tokenCredential))
      .toEqual({ endpoint: 'https://acct.blob.core.windows.net', container: 'photos', credential: tokenCredential });
  });

  it('rejects bad URLs with InvalidArgument, saying what is wrong and never echoing parameter values', () => {
    expect(invalidArgument('azblob://photos?acount=acct')).toMatch(/unknown parameter "acount"/);
    expect(invalidArgument('azblob://photos?account=a&account=b')).toMatch(/twice/);
    expect(invalidArgument('azblob://photos/dir?account=acct')).toMatch(/path/);
    expect(invalidArgument('azblob://user:secret@photos?account=acct')).not.toContain('secret');
    expect(invalidArgument('azblob://Photos_1?account=acct')).toMatch(/container name/);
    expect(invalidArgument('azblob://ab?account=acct')).toMatch(/container name/);
    expect(invalidArgument('azblob://photos?account=Not-Valid')).toMatch(/account name/);
    expect(invalidArgument('azblob://photos?endpoint=ftp://host/x')).toMatch(/endpoint/);
    expect(invalidArgument('s3://photos?account=acct')).toMatch(/scheme/);
    expect(invalidArgument('azblob://photos')).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
    expect(invalidArgument('azblob://photos?sig=TOPSECRETVALUE')).not.toContain('TOPSECRETVALUE');
  });

  it('opens a driver through the scheme; bad URLs reject there with InvalidArgument', async () => {
    const scheme = azureBlobScheme({ env: { AZURE_STORAGE_ACCOUNT: 'acct' } });
    expect(scheme.scheme).toBe('azblob');
    expect((await scheme.open(new URL('azblob://photos'))).scheme).toBe('azblob');
    await expect(scheme.open(new URL('azblob://photos?region=x'))).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('declared capabilities', () => {
  it('offers signed URLs only when requests are signed with an account key', () => {
    const signed = new AzureBlobDriver({ endpoint: 'https://acct.blob.core.windows.net', container: 'c', sharedKey: { account: 'acct', key: KEY } });
    const byConnectionString = new AzureBlobDriver({ connectionString: `AccountName=acct;AccountKey=${KEY}`, container: 'c' });
    const anonymous = new AzureBlobDriver({ endpoint: 'https://acct.blob.core.windows.net', container: 'c' });
    const managedIdentity = new AzureBlobDriver({ endpoint: 'https://acct.blob.core.windows.net', container: 'c', credential: tokenCredential });
    const sasConnection = new AzureBlobDriver({ connectionString: 'BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=1', container: 'c' });
    for (const driver of [signed, byConnectionString]) expect(driver.capabilities).toEqual({ ifNotExists: true, ifMatch: true, signedGetUrl: true, signedPutUrl: true });
    for (const driver of [anonymous, managedIdentity, sasConnection]) expect(driver.capabilities).toMatchObject({ signedGetUrl: false, signedPutUrl: false });
  });
});
