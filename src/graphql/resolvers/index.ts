import type { DownloadModel, DownloadUserModel } from '../../domain/downloads/mapping.js';
import type { Download, DownloadUser, Resolvers } from '../generated/resolvers-types.js';
import { Query } from './query.js';

/**
 * Object types' resolvers. `Download` and its nested types have none: the domain maps each
 * upstream record once into the schema's shape, and graphql-js reads those fields as they are.
 */
export const resolvers: Resolvers = { Query };

/** Fails to compile while a mapped shape lacks a field of its schema type (or types it differently). */
type Carries<Mapped extends Required<Omit<SchemaType, '__typename'>>, SchemaType> = Mapped;
export type MappedShapesCarryTheSchema = [Carries<DownloadModel, Download>, Carries<DownloadUserModel, DownloadUser>];
