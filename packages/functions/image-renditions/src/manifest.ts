import type { OutputFormat } from './config.js';

/** The record written beside the renditions of one source version. */
export interface RenditionManifest {
  source: { key: string; etag: string; size: number; format: string; width: number; height: number };
  outputs: Array<{ key: string; width: number; height: number; format: OutputFormat; bytes: number; contentType: string }>;
  /** Milliseconds spent per stage. */
  timings: { readMs: number; renderMs: number; writeMs: number; totalMs: number };
  /** ISO time the manifest was written. */
  createdAt: string;
}

/** The record written beside a rejected source. */
export interface RejectionRecord {
  source: { key: string; etag: string; size: number };
  code: string;
  reason: string;
  rejectedAt: string;
}
