import { LRUCache } from 'lru-cache';
import { credentialId } from '../getty/credential-id.js';
import type { DownloadsQuery } from '../getty/query.js';
import type { DownloadsPage } from '../getty/records.js';

/** A page an operation read: with which token, for which query, and the page object it got. */
export interface PageRead {
  accessToken: string;
  query: DownloadsQuery;
  page: DownloadsPage;
}

/** What identifies an operation's answer apart from its credential and the pages it reads. */
export interface AnswerRequest {
  /** Apollo's digest of the query text. */
  queryHash: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  acceptLanguage: string | undefined;
  /** The request's UTC day: Getty's default date window moves with it. */
  today: string;
}

/** A remembered answer: the pages it was built from, its data, and that data rendered. */
export interface RememberedAnswer {
  readonly queries: ReadonlyArray<DownloadsQuery>;
  /** Held weakly: the memory is the response cache's to bound; a page it let go means a new page. */
  readonly pages: ReadonlyArray<WeakRef<DownloadsPage>>;
  readonly data: Record<string, unknown>;
  readonly text: string;
}

/** Whether `pages`, read again in the same order, are the very objects the answer was built from. */
export function builtFrom(answer: RememberedAnswer, pages: ReadonlyArray<DownloadsPage>): boolean {
  return answer.pages.length === pages.length && answer.pages.every((held, index) => held.deref() === pages[index]);
}

export interface RenderedAnswersOptions {
  maxEntries: number;
  /** Bound on the remembered answers' estimated size. */
  maxBytes: number;
}

/** The data tree an answer's text was rendered from weighs a few times the text; both stay in memory. */
const BYTES_PER_TEXT_CHARACTER = 4;
/** Operations with larger variables are executed every time rather than kept under a key this long. */
const MAX_OPERATION_KEY = 2048;

/**
 * Answers remembered whole, data and rendered JSON, for operations whose every field comes
 * from Getty pages: the same document, operation, variables, Accept-Language and day over the
 * very same page objects (the in-process response cache hands out the object it holds while
 * the entry is fresh) cannot give another answer, so execution and serialization are done
 * once per page instead of once per request. Keys hold a credential digest, never a token.
 */
export class RenderedAnswers {
  private readonly answers: LRUCache<string, RememberedAnswer>;
  /** Operations that read pages: only those pay for a token lookup before execution. */
  private readonly reading: LRUCache<string, true>;
  /** The text of each remembered answer's data, for `stringify`. */
  private readonly texts = new WeakMap<object, string>();

  constructor(options: RenderedAnswersOptions) {
    this.answers = new LRUCache<string, RememberedAnswer>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (answer, key) => key.length + answer.text.length * BYTES_PER_TEXT_CHARACTER,
    });
    this.reading = new LRUCache<string, true>({ max: options.maxEntries });
  }

  /** The key of an operation's answers, whatever the credential. */
  static operationKey(request: AnswerRequest): string {
    return `${request.queryHash}\n${request.operationName ?? ''}\n${request.today}\n${request.acceptLanguage ?? ''}\n${JSON.stringify(request.variables ?? {})}`;
  }

  /** Whether some answer to this operation is remembered, under any credential. */
  readsPages(operationKey: string): boolean {
    return this.reading.has(operationKey);
  }

  lookup(operationKey: string, accessToken: string): RememberedAnswer | undefined {
    return this.answers.get(answerKey(operationKey, accessToken));
  }

  /** Remembers an answer built from `reads` alone; one read with another token, and it is not kept. */
  remember(operationKey: string, reads: ReadonlyArray<PageRead>, data: Record<string, unknown>): void {
    const accessToken = reads[0]?.accessToken;
    if (operationKey.length > MAX_OPERATION_KEY || accessToken === undefined || reads.some((read) => read.accessToken !== accessToken)) return;
    const text = `${JSON.stringify({ data })}\n`;
    this.texts.set(data, text);
    this.answers.set(answerKey(operationKey, accessToken), {
      queries: reads.map((read) => read.query),
      pages: reads.map((read) => new WeakRef(read.page)),
      data,
      text,
    });
    this.reading.set(operationKey, true);
  }

  /** Apollo's `stringifyResult`: a remembered answer's text as it was rendered, anything else rendered now. */
  readonly stringify = (result: { data?: Record<string, unknown> | null; errors?: unknown; extensions?: unknown }): string => {
    if (result.errors === undefined && result.extensions === undefined && typeof result.data === 'object' && result.data !== null) {
      const text = this.texts.get(result.data);
      if (text !== undefined) return text;
    }
    return `${JSON.stringify(result)}\n`;
  };
}

function answerKey(operationKey: string, accessToken: string): string {
  return `${operationKey}\n${credentialId(accessToken)}`;
}
