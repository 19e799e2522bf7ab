// Local-date helpers shared by features: the patient's own calendar, not UTC, written in the UI's
// language (not the system's), so a date reads like the words around it.
import { currentLocale } from './i18n';

function format(day: string, options: Intl.DateTimeFormatOptions): string {
  return new Date(`${day}T12:00:00`).toLocaleDateString(currentLocale(), options);
}

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, in local time. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** RFC 3339 with the local UTC offset at that moment, from a datetime-local value. */
export function localInputToRfc3339(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value; // the core refuses it with InvalidDate
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${toLocalInput(d)}:00${sign}${p(off / 60)}:${p(off % 60)}`;
}

/** The datetime-local value for an RFC 3339 time as it was written (its own offset kept). */
export function rfc3339ToLocalInput(s: string): string {
  return s.slice(0, 16);
}

export function localDay(d: Date): string {
  return toLocalInput(d).slice(0, 10);
}

/** A local day (YYYY-MM-DD) as the patient reads it: "Tuesday, December 1". */
export function longDate(day: string): string {
  return format(day, { weekday: 'long', month: 'long', day: 'numeric' });
}

/** The same, short: "Tue, Dec 1". */
export function shortDate(day: string): string {
  return format(day, { weekday: 'short', month: 'short', day: 'numeric' });
}

/** A local day with the year, for headings: "Tuesday, December 1, 2026". */
export function fullDate(day: string): string {
  return format(day, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

/** Month and day only, for chart axes: "Nov 3". */
export function monthDay(day: string): string {
  return format(day, { month: 'short', day: 'numeric' });
}

/** A day without the weekday, for notes such as when something was checked: "November 25, 2026". */
export function plainDate(day: string): string {
  return format(day, { year: 'numeric', month: 'long', day: 'numeric' });
}

/** An RFC 3339 time as written (its own offset): "Tuesday, December 1, 2026, 21:05". */
export function dateTimeAsWritten(rfc3339: string): string {
  return `${fullDate(rfc3339.slice(0, 10))}, ${rfc3339.slice(11, 16)}`;
}
