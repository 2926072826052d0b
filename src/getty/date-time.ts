/**
 * Getty's date-times: `2026-05-01T10:21:07.1230000`, UTC even without a zone designator,
 * with up to 7 (.NET) fractional digits, sometimes `Z` or an offset. Read by position
 * rather than with a regular expression: every record has one, and this runs per item.
 * Returns epoch milliseconds (fraction truncated), or `undefined` for anything else.
 */
export function parseGettyInstant(text: string): number | undefined {
  if (
    text.length < 19 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  ) {
    return undefined;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  let position = 19;
  let millis = 0;
  if (text.charCodeAt(position) === DOT) {
    const start = position + 1;
    position = start;
    while (position < text.length && isDigit(text.charCodeAt(position))) position += 1;
    const count = position - start;
    if (count < 1 || count > 9) return undefined;
    for (let i = 0; i < 3; i += 1) millis = millis * 10 + (i < count ? text.charCodeAt(start + i) - ZERO : 0);
  }
  const offset = zoneOffsetMinutes(text, position);
  if (offset === undefined) return undefined;
  // Date.UTC would roll 2026-02-30 over to March: check the day against the month first.
  if (day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

const DASH = 45;
const DOT = 46;
const COLON = 58;
const ZERO = 48;
const T = 84;
const Z = 90;
const PLUS = 43;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - ZERO;
  }
  return value;
}

/** The zone at `position` to the end: none, `Z`, `+hh:mm`, `+hhmm` (or `-`); `undefined` if malformed. */
function zoneOffsetMinutes(text: string, position: number): number | undefined {
  const rest = text.length - position;
  if (rest === 0) return 0;
  const sign = text.charCodeAt(position);
  if (sign === Z) return rest === 1 ? 0 : undefined;
  if (sign !== PLUS && sign !== DASH) return undefined;
  const colon = rest === 6 && text.charCodeAt(position + 3) === COLON;
  if (!colon && rest !== 5) return undefined;
  const hours = digits(text, position + 1, 2);
  const minutes = digits(text, position + (colon ? 4 : 3), 2);
  if (hours < 0 || minutes < 0) return undefined;
  return (sign === PLUS ? 1 : -1) * (hours * 60 + minutes);
}
