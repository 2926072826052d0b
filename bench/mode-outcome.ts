import type { TimeWindow } from './measure-cell.js';

/** What a bench mode hands back: its figures (saved as JSON), their tables, and when load ran. */
export interface ModeOutcome<Result extends object> {
  result: Result;
  /** Markdown, printed and ready to paste into the README. */
  tables: string;
  windows: TimeWindow[];
}
