import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The fields of a service-account key file that signing reads. */
export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

/**
 * A throwaway service account with a freshly generated RSA key: enough for the SDK to sign
 * V4 URLs locally, and the public key lets a server (or a test) check the signatures.
 */
export function makeServiceAccount(): { key: ServiceAccountKey; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey,
    key: {
      type: 'service_account',
      project_id: 'faasade-test',
      private_key_id: 'test-key-1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'signer@faasade-test.iam.gserviceaccount.com',
      client_id: '1',
      token_uri: 'http://127.0.0.1:9/token', // never contacted: signing is local
    },
  };
}

/** Writes the key as a JSON key file in `dir` and returns its path. */
export async function writeKeyFile(dir: string, key: ServiceAccountKey): Promise<string> {
  const path = join(dir, 'service-account.json');
  await writeFile(path, JSON.stringify(key));
  return path;
}
