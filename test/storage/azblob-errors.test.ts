/**
 * Error codes of the Azure Blob driver for what goes wrong outside the caller's code:
 * wrong credentials and an expired SAS (Azurite 3.35.0 refuses both), a server that is
 * down, and a server that answers 503, 500 or 429 (a small HTTP server started here).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, StorageSharedKeyCredential, generateAccountSASQueryParameters } from '@azure/storage-blob';
import { Bucket, isStorageError } from '@faasade/core/storage';
import { AzureBlobDriver } from '@faasade/azure/blob';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';

// One try: these cases are about the code of the final failure, not the SDK's retries.
const clientOptions = { retryOptions: { maxTries: 1 } };
let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
  await azurite.createContainer('errors');
  await new Bucket(new AzureBlobDriver({ connectionString: azurite.connectionString, container: 'errors' })).put('present', 'x');
});
afterAll(async () => { await azurite?.stop(); });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'resolved', (error: unknown) => (isStorageError(error) ? error.code : `not a StorageError: ${String(error)}`));
}

/** The code of every kind of call on `bucket`; objects are named `present` and `missing`. */
async function codesOf(bucket: Bucket): Promise<Record<string, string>> {
  return {
    head: await codeOf(bucket.head('present')),
    get: await codeOf(bucket.getText('present')),
    put: await codeOf(bucket.put('new', 'x')),
    list: await codeOf(bucket.listPage()),
    copy: await codeOf(bucket.copy('copied', 'present')),
    delete: await codeOf(bucket.delete('present', { mustExist: true })),
  };
}

const every = (code: string) => ({ head: code, get: code, put: code, list: code, copy: code, delete: code });

describe('credentials', () => {
  it('a wrong account key gives PermissionDenied on every call', async () => {
    const wrongKey = new StorageSharedKeyCredential(azurite.accountName, Buffer.from('wrong key').toString('base64'));
    const bucket = new Bucket(new AzureBlobDriver({ endpoint: azurite.blobEndpoint, container: 'errors', credential: wrongKey, clientOptions }));
    expect(await codesOf(bucket)).toEqual(every('PermissionDenied'));
  });

  it('an expired SAS token gives PermissionDenied on every call', async () => {
    const sas = generateAccountSASQueryParameters({
      permissions: AccountSASPermissions.parse('rwdlc'),
      services: AccountSASServices.parse('b').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      startsOn: new Date(Date.now() - 3_600_000),
      expiresOn: new Date(Date.now() - 60_000),
    }, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey)).toString();
    const bucket = new Bucket(new AzureBlobDriver({ endpoint: `${azurite.blobEndpoint}?${sas}`, container: 'errors', clientOptions }));
    expect(await codesOf(bucket)).toEqual(every('PermissionDenied'));
  });
});

describe('unreachable and failing servers', () => {
  let failing: Server;
  let answer = { status: 503, code: 'ServerBusy' };
  beforeAll(async () => {
    failing = createServer((request, response) => {
      request.resume();
      response.writeHead(answer.status, { 'x-ms-error-code': answer.code, 'content-type': 'application/xml' });
      response.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${answer.code}</Code><Message>stand-in</Message></Error>`);
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => { await new Promise((resolve) => failing?.close(resolve)); });

  function bucketAt(endpoint: string): Bucket {
    const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
    return new Bucket(new AzureBlobDriver({ endpoint, container: 'errors', credential, clientOptions }));
  }

  it('a server that is down gives Unavailable on every call', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await codesOf(bucketAt(`http://127.0.0.1:${port}/${azurite.accountName}`))).toEqual(every('Unavailable'));
  });

  it.each([
    { status: 503, code: 'ServerBusy', expected: 'Unavailable' },
    { status: 500, code: 'InternalError', expected: 'Unavailable' },
    { status: 500, code: 'OperationTimedOut', expected: 'DeadlineExceeded' },
    { status: 429, code: 'TooManyRequests', expected: 'ResourceExhausted' },
  ])('a server answering $status $code gives $expected on every call', async ({ status, code, expected }) => {
    answer = { status, code };
    const { port } = failing.address() as AddressInfo;
    expect(await codesOf(bucketAt(`http://127.0.0.1:${port}/${azurite.accountName}`))).toEqual(every(expected));
  });
});
