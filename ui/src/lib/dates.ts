// Local-date helpers shared by features: the patient's own calendar, not UTC.

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
  return new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
}

/** The same, short: "Tue, Dec 1". */
export function shortDate(day: string): string {
  return new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
}
