// Strict form only: four-digit year, two-digit month and day. `[0-9]` rather than `\d` keeps the
// check ASCII-only whatever regex flags are added later.
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * Tells whether `value` is a real Gregorian calendar date written exactly as `YYYY-MM-DD`.
 *
 * `Date.parse` is not used: it accepts other forms and silently rolls `2023-02-30` over to
 * March 2nd. Year 0000 is rejected because Python's `datetime.date` (year 1..9999) rejects it,
 * and both servers must agree on what is a date.
 *
 * @param value - The text to check.
 * @returns `true` for e.g. `2024-02-29`, `false` for `2023-02-30`, `2024-2-29` or `2024-02-29T00:00`.
 */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
