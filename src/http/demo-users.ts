/**
 * A sandbox user the browser pages offer to act as. Only public demo facts: the pages never
 * see a password. Passed in by the process (src/main.ts), which started the sandbox.
 */
export interface DemoUserHint {
  username: string;
  displayName: string;
  bearerToken: string;
  companyDownloadsEnabled: boolean;
}

/** Copies the fields a page may show, so nothing else a caller's objects carry reaches HTML. */
export function publicDemoUsers(users: ReadonlyArray<DemoUserHint>): DemoUserHint[] {
  return users.map(({ username, displayName, bearerToken, companyDownloadsEnabled }) => ({
    username,
    displayName,
    bearerToken,
    companyDownloadsEnabled,
  }));
}
