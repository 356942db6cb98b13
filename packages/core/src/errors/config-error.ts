/**
 * A function declaration or configuration that cannot work (bad name, route, option or
 * environment variable). Thrown at declaration or start-up time, never per request, so a
 * mistake fails the deploy or the first start rather than a user's request.
 */
export class FaasadeConfigError extends Error {
  override readonly name = 'FaasadeConfigError';
  readonly code = 'InvalidConfig' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
