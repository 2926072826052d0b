/** A departure slot in the API key's sliding window, or how long the caller would have had to wait. */
export type Reservation = { readonly granted: true; readonly waitMs: number; readonly uncertaintyMs: number } | { readonly granted: false; readonly waitMs: number };

/**
 * The Getty API key's budget: at most `limit` departures in any sliding window, shared by every
 * caller of the key — in this process (LocalDepartureWindow) or across instances (Redis).
 */
export interface DepartureWindow {
  /**
   * Reserves the earliest departure the window allows, unless it is more than `maxWaitMs` away.
   * Granted: the slot is booked and is at most `waitMs` after the answer, so leaving then is never
   * early; it may be up to `uncertaintyMs` sooner (a window on a server decides on its own clock,
   * and knows this process's clock only as well as its round trips tell).
   * Refused: nothing is booked; `waitMs` is how far away the earliest slot was.
   */
  reserve(maxWaitMs: number): Promise<Reservation>;
  /**
   * The call of the last granted slot left `lateMs` after the slot. A window that can still move
   * its later slots keeps them an interval after the actual departure; a shared one cannot.
   */
  departed?(lateMs: number): void;
  /** The budget this window enforces now, in departures per second (for health and logs). */
  readonly perSecond: number;
}
