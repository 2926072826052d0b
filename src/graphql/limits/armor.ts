import type { ApolloServerPlugin } from '@apollo/server';
import graphqlArmor from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { RequestLimits } from '../../config/env.js';

// The package is CommonJS without named-export hints, so Node's ESM loader sees one default.
const { ApolloArmor } = graphqlArmor;

export interface ArmorProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
}

/**
 * graphql-armor's size limits: depth, aliases and directives. Its cost limit is off
 * because it ignores `first`/`last` (see cost-plugin.ts), and its token limit is off
 * because through Apollo it answers 500; graphql-js's own `maxTokens` parse option does
 * that job (see apollo.ts). Field suggestions ("did you mean") are blocked in production,
 * where they would map the schema for an attacker.
 */
export function armorProtection(limits: RequestLimits, production: boolean): ArmorProtection {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  // Armor is typed against Apollo's CommonJS declarations, which TypeScript keeps apart from the
  // ESM ones this project imports; at run time they are the same objects, checked here as such.
  const armorPlugins: readonly unknown[] = plugins;
  return { plugins: armorPlugins.filter(isApolloPlugin), validationRules };
}

/** An Apollo plugin is an object of hook functions (`requestDidStart`, `serverWillStart`, ...). */
function isApolloPlugin(value: unknown): value is ApolloServerPlugin {
  return typeof value === 'object' && value !== null && Object.values(value).every((hook) => typeof hook === 'function');
}
