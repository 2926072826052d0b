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

export type AnswerData = Record<string, unknown>;

/** A remembered answer: the pages it was built from, its data, and that data rendered. */
interface RememberedAnswer {
  /** Held weakly: the memory is the response cache's to bound; a page it let go means a new page. */
  readonly pages: ReadonlyArray<WeakRef<DownloadsPage>>;
  readonly data: AnswerData;
  readonly text: string;
}

/** What a request built: its answer (when it is worth sharing) and the pages it read. */
interface Built {
  readonly reads: ReadonlyArray<PageRead>;
  readonly data: AnswerData;
}

/** An answer one request is building now, for requests that read the very same pages to wait for. */
export interface Rendering {
  /** The builder's reads so far, in order (its live list). */
  readonly reads: ReadonlyArray<PageRead>;
  readonly built: Promise<Built | undefined>;
}

/** The claim on an answer's rendering, held by the one request that executes it. */
export interface RenderingClaim {
  /** Settles the rendering with what the request read and, when it is worth sharing, its data. */
  finish(reads: ReadonlyArray<PageRead>, data: AnswerData | undefined): void;
}

export interface RenderedAnswersOptions {
  maxEntries: number;
  /** Bound on the remembered answers' estimated size. */
  maxBytes: number;
  /**
   * Whether finished answers are remembered for later requests: only worth it when the pages
   * read again can be the same objects (the in-process response cache). Answers in the making
   * are shared either way.
   */
  keepAnswers: boolean;
}

/** The data tree an answer's text was rendered from weighs a few times the text; both stay in memory. */
const BYTES_PER_TEXT_CHARACTER = 4;
/** Operations with larger variables are executed every time rather than kept under a key this long. */
const MAX_OPERATION_KEY = 2048;
/** How long requests wait for an answer another request claimed before building their own. */
const ABANDONED_RENDERING_MS = 30_000;

/**
 * Answers to operations whose every field comes from Getty pages, shared by operation and
 * customer: the same document, operation, variables, Accept-Language and day over the very same
 * page objects cannot give another answer. Two ways of getting the same page object meet here:
 * requests coalesced onto one Getty call wait for the one answer being built from it, and (with
 * `keepAnswers`) a page the in-process response cache still holds finds the answer already
 * built and rendered. Execution and serialization are then done once per page, not per request.
 * Keys hold a credential digest, never a token.
 */
export class RenderedAnswers {
  /** Which pages each customer's operation read last time, so the next one can read them first. */
  private readonly plans: LRUCache<string, ReadonlyArray<DownloadsQuery>>;
  private readonly answers: LRUCache<string, RememberedAnswer> | undefined;
  /** Operations that read pages: only those pay for a token lookup before execution. */
  private readonly reading: LRUCache<string, true>;
  private readonly rendering = new Map<string, Rendering>();
  /** The text of each shared answer's data, for `stringify`. */
  private readonly texts = new WeakMap<object, string>();

  constructor(options: RenderedAnswersOptions) {
    this.plans = new LRUCache<string, ReadonlyArray<DownloadsQuery>>({ max: options.maxEntries });
    this.answers = options.keepAnswers
      ? new LRUCache<string, RememberedAnswer>({
          max: options.maxEntries,
          maxSize: options.maxBytes,
          sizeCalculation: (answer, key) => key.length + answer.text.length * BYTES_PER_TEXT_CHARACTER,
        })
      : undefined;
    this.reading = new LRUCache<string, true>({ max: options.maxEntries });
  }

  /** The key of an operation's answers, whatever the credential. */
  static operationKey(request: AnswerRequest): string {
    return `${request.queryHash}\n${request.operationName ?? ''}\n${request.today}\n${request.acceptLanguage ?? ''}\n${JSON.stringify(request.variables ?? {})}`;
  }

  /** The key of one customer's answer to an operation. */
  static answerKey(operationKey: string, accessToken: string): string {
    return `${operationKey}\n${credentialId(accessToken)}`;
  }

  /** Whether some answer to this operation was built from pages, under any credential. */
  readsPages(operationKey: string): boolean {
    return this.reading.has(operationKey);
  }

  /** The queries this customer's operation read last time, in order. */
  plan(answerKey: string): ReadonlyArray<DownloadsQuery> | undefined {
    return this.plans.get(answerKey);
  }

  /** The remembered answer, if it was built from these very page objects. */
  recall(answerKey: string, pages: ReadonlyArray<DownloadsPage>): AnswerData | undefined {
    const answer = this.answers?.get(answerKey);
    return answer !== undefined && samePages(answer.pages, pages, (held) => held.deref()) ? answer.data : undefined;
  }

  /** Whether an answer remembered or being built for this customer's operation read this page first. */
  begunFrom(answerKey: string, first: DownloadsPage): boolean {
    return this.answers?.get(answerKey)?.pages[0]?.deref() === first || this.rendering.get(answerKey)?.reads[0]?.page === first;
  }

  /** Whether answers are remembered, so that reading pages first may find one. */
  get keepsAnswers(): boolean {
    return this.answers !== undefined;
  }

  /** The answer another request is building now for this customer's operation. */
  inMaking(answerKey: string): Rendering | undefined {
    return this.rendering.get(answerKey);
  }

  /** What `rendering` built, if it was built from these very page objects; undefined means build your own. */
  async join(rendering: Rendering, pages: ReadonlyArray<DownloadsPage>): Promise<AnswerData | undefined> {
    const built = await rendering.built;
    return built !== undefined && samePages(built.reads, pages, (read) => read.page) ? built.data : undefined;
  }

  /**
   * Claims the building of this customer's answer for a request whose reads are `reads` (its live
   * list): requests meanwhile wait for it. Undefined when another request holds the claim.
   */
  claim(operationKey: string, answerKey: string, reads: ReadonlyArray<PageRead>): RenderingClaim | undefined {
    if (this.rendering.has(answerKey)) return undefined;
    let settle: (built: Built | undefined) => void = () => undefined;
    const built = new Promise<Built | undefined>((resolve) => {
      settle = resolve;
    });
    const rendering: Rendering = { reads, built };
    this.rendering.set(answerKey, rendering);
    const finish = (finalReads: ReadonlyArray<PageRead>, data: AnswerData | undefined): void => {
      if (this.rendering.get(answerKey) !== rendering) return;
      clearTimeout(abandoned);
      this.rendering.delete(answerKey);
      if (data !== undefined) this.remember(operationKey, finalReads, data);
      settle(data === undefined ? undefined : { reads: finalReads, data });
    };
    // Apollo sends every response it builds, but a request cut short past its hooks must not leave its waiters waiting.
    const abandoned = setTimeout(() => finish([], undefined), ABANDONED_RENDERING_MS);
    abandoned.unref();
    return { finish };
  }

  /** Remembers which pages an answer read and, when answers are kept, the answer built from them alone. */
  remember(operationKey: string, reads: ReadonlyArray<PageRead>, data: AnswerData): void {
    const accessToken = reads[0]?.accessToken;
    // One read with another token (a replaced service-account token) and it is no one customer's answer alone.
    if (operationKey.length > MAX_OPERATION_KEY || accessToken === undefined || reads.some((read) => read.accessToken !== accessToken)) return;
    const answerKey = RenderedAnswers.answerKey(operationKey, accessToken);
    const text = `${JSON.stringify({ data })}\n`;
    this.texts.set(data, text);
    this.plans.set(
      answerKey,
      reads.map((read) => read.query),
    );
    this.answers?.set(answerKey, { pages: reads.map((read) => new WeakRef(read.page)), data, text });
    this.reading.set(operationKey, true);
  }

  /** Apollo's `stringifyResult`: a shared answer's text as it was rendered, anything else rendered now. */
  readonly stringify = (result: { data?: AnswerData | null; errors?: unknown; extensions?: unknown }): string => {
    if (result.errors === undefined && result.extensions === undefined && typeof result.data === 'object' && result.data !== null) {
      const text = this.texts.get(result.data);
      if (text !== undefined) return text;
    }
    return `${JSON.stringify(result)}\n`;
  };
}

/** Whether `held` names the very page objects of `pages`, in the same order. */
function samePages<T>(held: ReadonlyArray<T>, pages: ReadonlyArray<DownloadsPage>, pageOf: (each: T) => DownloadsPage | undefined): boolean {
  return held.length === pages.length && held.every((each, index) => pageOf(each) === pages[index]);
}
