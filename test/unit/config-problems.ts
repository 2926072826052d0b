import { ConfigError, readConfig } from '../../src/config/env.js';

/** What readConfig refuses in `env`, one line per problem; none when it is accepted. */
export function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
