import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, printSchema } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';

export type Compile = (schema: GraphQLSchema, document: DocumentNode, operationName?: string) => CompiledQuery | ExecutionResult;
type Run = (context: unknown, variables: Record<string, unknown> | undefined) => ExecutionResult | Promise<ExecutionResult>;

/** Which executor answered an operation: graphql-js walking the document, or graphql-jit's compiled function. */
export type ExecutionTier = 'interpreted' | 'compiled';
/** Told which executor answered each operation (tests watch the tiering with it). */
export type ExecutionObserver = (tier: ExecutionTier) => void;

/** Operations per document that can each need their own compiled function. */
const OPERATIONS_PER_DOCUMENT = 16;

/**
 * Runs each operation through a function graphql-jit compiles once per parsed document,
 * instead of graphql-js walking the document per request (half of execution's CPU, measured).
 * Apollo reuses one document object per query text from its bounded document store, so the
 * compiled functions live exactly as long as the document does. A document's first run is
 * interpreted by graphql-js and only a second one compiles: a query text that never comes
 * back (literal arguments make every text new) costs no compilation (0.2-1 ms, measured)
 * and no generated code. An operation graphql-jit cannot compile stays on graphql-js, which
 * gives the same answer, just slower.
 */
export class CompiledOperations {
  /** Per document and operation name: `undefined` once seen, then the compiled runner. */
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Run | undefined>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compile: Compile = compileQuery,
    private readonly observe?: ExecutionObserver,
  ) {}

  run(
    document: DocumentNode,
    operationName: string | null,
    context: unknown,
    variables: Record<string, unknown> | undefined,
  ): ExecutionResult | Promise<ExecutionResult> {
    return this.runner(document, operationName ?? undefined)(context, variables);
  }

  private runner(document: DocumentNode, operationName: string | undefined): Run {
    const key = operationName ?? '';
    let runs = this.byDocument.get(document);
    if (runs === undefined) {
      runs = new Map();
      this.byDocument.set(document, runs);
    }
    const compiled = runs.get(key);
    if (compiled !== undefined) return compiled;
    if (!runs.has(key)) {
      if (runs.size >= OPERATIONS_PER_DOCUMENT) runs.clear();
      runs.set(key, undefined);
      return this.interpreter(document, operationName);
    }
    const run = this.runnerFor(document, operationName);
    runs.set(key, run);
    return run;
  }

  private interpreter(document: DocumentNode, operationName: string | undefined): Run {
    const { schema, observe } = this;
    return (context, variables) => {
      observe?.('interpreted');
      return execute({ schema, document, contextValue: context, variableValues: variables, ...(operationName === undefined ? {} : { operationName }) });
    };
  }

  private runnerFor(document: DocumentNode, operationName: string | undefined): Run {
    const interpret = this.interpreter(document, operationName);
    const compiled = this.compile(this.schema, document, operationName);
    if (!isCompiledQuery(compiled)) return interpret;
    return (context, variables) => {
      const result = compiled.query(undefined, context, variables);
      if (result instanceof Promise) {
        this.observe?.('compiled');
        return result.then(withMutableErrors);
      }
      // No `data` means the variables did not coerce: graphql-js's errors carry the nodes
      // Apollo reads to code them BAD_USER_INPUT, so the rejected request runs there.
      if (!('data' in result)) return interpret(context, variables);
      this.observe?.('compiled');
      return withMutableErrors(result);
    };
  }
}

/**
 * graphql-jit's errors have read-only properties, but Apollo's plugins (armor's suggestion
 * masking among them) rewrite `message`: each becomes a graphql-js error with the same
 * message, locations, path, extensions and original error. Only failing results pay.
 */
function withMutableErrors(result: ExecutionResult): ExecutionResult {
  if (result.errors === undefined || result.errors.length === 0) return result;
  return { ...result, errors: result.errors.map(toGraphQLJsError) };
}

function toGraphQLJsError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  // graphql-jit keeps the locations, not the AST nodes graphql-js would derive them from.
  return Object.assign(copy, { locations: error.locations });
}

/**
 * Apollo Server's one seam for replacing execution is its gateway interface: the "gateway"
 * here serves a fixed local schema and executes with compiled operations. Everything else
 * (parsing, validation, plugins, error formatting) stays Apollo's.
 */
export function compiledExecutionGateway(schema: GraphQLSchema, observe?: ExecutionObserver): GatewayInterface {
  const operations = new CompiledOperations(schema, compileQuery, observe);
  // The operation the client named, as Apollo's own execution takes it: the context's
  // `operationName` is the resolved one, null when the name matched nothing, and running the
  // document's only operation then would answer a request graphql-js refuses.
  const executor: GatewayExecutor = async (request) =>
    operations.run(request.document, request.request.operationName ?? null, request.context, request.request.variables);
  let listener: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0] | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => {
        listener = undefined;
      };
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {},
  };
}
