/** Where the downloads browser lives: the default destination after sign-in. */
export const DEFAULT_RETURN_PATH = '/';

/**
 * A path on this origin to come back to after sign-in, or the default. Only same-origin
 * relative paths pass: `//host` and `/\host` are other origins to browsers, which would make
 * sign-in an open redirector.
 */
export function safeReturnPath(candidate: unknown): string {
  if (typeof candidate !== 'string' || candidate.length > 512) return DEFAULT_RETURN_PATH;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return DEFAULT_RETURN_PATH;
  // Control characters and backslashes have no place in a path, and some browsers read them as separators.
  if ([...candidate].some((char) => char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return DEFAULT_RETURN_PATH;
  return candidate;
}
