import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isNonNullType, isObjectType } from 'graphql';
import type { GraphQLSchema } from 'graphql';

/** The gateway's schema, from the same SDL files it serves. */
export function loadSchema(root: string): GraphQLSchema {
  const dir = join(root, 'schema');
  const sdl = readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'));
  return buildSchema(sdl.join('\n'));
}

/**
 * Every field of an object type, nested objects included: read from the schema so that "every
 * field selected" stays true when a field is added.
 */
export function selectAll(schema: GraphQLSchema, typeName: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type in the schema`);
  const fields = Object.values(type.getFields()).map((field) => {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) {
      throw new Error(`${typeName}.${field.name} has a required argument; the bench cannot select it blindly`);
    }
    const named = getNamedType(field.type);
    return isObjectType(named) ? `${field.name} { ${selectAll(schema, named.name)} }` : field.name;
  });
  return fields.join(' ');
}
