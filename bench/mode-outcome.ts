import type { TimeWindow } from './measure-cell.js';

/** What a bench mode hands back: its figures (saved as JSON), their tables, and when load ran. */
export interface ModeOutcome<Result extends object> {
  result: Result;
  /** Markdown, printed after the run; docs/performance.md renders the saved results the same way. */
  tables: string;
  windows: TimeWindow[];
}
