/** UTC calendar-day arithmetic on `YYYY-MM-DD` strings, and Getty's .NET date-time rendering. */

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isoDayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** isoDayOf for a clock read on every request: recomputes only when the day changes. */
export function createUtcDayMemo(): (date: Date) => string {
  let cachedDayNumber = Number.NaN;
  let cachedDay = '';
  return (date) => {
    const dayNumber = Math.floor(date.getTime() / DAY_MS);
    if (dayNumber !== cachedDayNumber) {
      cachedDayNumber = dayNumber;
      cachedDay = isoDayOf(date);
    }
    return cachedDay;
  };
}

export function addDays(day: string, days: number): string {
  return isoDayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** True for a real calendar day in strict `YYYY-MM-DD` form (rejects e.g. 2026-02-30). */
export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return isoDayOf(date) === value;
}

/** 100-ns ticks in a day, the resolution of .NET's DateTime. */
export const TICKS_PER_DAY = 864_000_000_000;

/** `2026-05-01T10:21:07.1230000`: UTC, 7 fractional digits, no zone designator. */
export function formatNetDateTime(day: string, ticksIntoDay: number): string {
  const seconds = Math.floor(ticksIntoDay / 10_000_000);
  const fraction = ticksIntoDay % 10_000_000;
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:${ss}.${String(fraction).padStart(7, '0')}`;
}

export function ticksIntoDay(date: Date): number {
  return (date.getTime() % DAY_MS) * 10_000;
}
