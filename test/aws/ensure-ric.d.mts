/** Directory of the installed aws-lambda-ric package. */
export function ricPackageDir(): string;
/** Path of the runtime client's command-line entry point. */
export function ricBinPath(): string;
/** Builds aws-lambda-ric's native addon when it is missing; idempotent. */
export function ensureRic(options?: { log?: (line: string) => void }): Promise<{ built: boolean; seconds: number }>;
