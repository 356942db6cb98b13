import type { FunctionDefinition } from '@faasade/core';
import type { FunctionInstance } from '../runtime/load-module.js';

/** What one `faasade invoke` runs. */
export interface InvokeRequest {
  fn: FunctionDefinition;
  instance: FunctionInstance;
  /** The parsed event file, or undefined when none was given. */
  event: unknown;
  /** Where function log lines go (stderr: stdout is for the result). */
  log: (line: string) => void;
}

/** What it printed: the result in the target's own format, and whether the invocation failed. */
export interface InvokeOutcome {
  result: unknown;
  /** True when the platform would count the invocation as failed (and retry an event). */
  failed: boolean;
}
