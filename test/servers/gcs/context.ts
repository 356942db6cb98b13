import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResumableSessions } from './resumable-sessions.js';
import type { GcsStore } from './store.js';

/** Options of the test GCS server (see startGcsServer for what they mean to callers). */
export interface GcsServerOptions {
  /** Directory for object data and upload sessions; the caller owns (and removes) it. */
  dataDir: string;
  /** The project bucket listing and insertion expect (any value is accepted). */
  projectId: string;
  /**
   * Public keys (PEM) by service-account email. When given, V4 signed URLs must carry a
   * valid GOOG4-RSA-SHA256 signature by one of them; otherwise only expiry is checked.
   */
  signedUrlKeys?: Record<string, string>;
}

/** Everything a route handler needs about one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly query: URLSearchParams;
  /** `http://host:port` as the client addressed us. */
  readonly origin: string;
  readonly store: GcsStore;
  readonly sessions: ResumableSessions;
  readonly options: GcsServerOptions;
}
