// The check-ins' trend, as data: the scored points of each questionnaire in time order, the
// one-sentence summary, the journal's weekly mood and the chart's date range. Trend.svelte draws it.
import { t } from '../../i18n';
import { localDay, plainDate } from '../../dates';
import type { Band, CheckIn, MoodPoint, Questionnaire, TimelineSession } from '../../ipc';
import { KINDS, KIND_WORDS, dateOnly } from './words';

/** The top of each questionnaire's scale (9 and 7 items, 0–3 each). */
export const SCALE_MAX: Record<Questionnaire, number> = { phq9: 27, gad7: 21 };

/** The PHQ-9's published bands, lowest score of each: the chart's background stripes. */
export const PHQ9_BANDS: { band: Band; from: number; to: number }[] = [
  { band: 'minimal', from: 0, to: 5 },
  { band: 'mild', from: 5, to: 10 },
  { band: 'moderate', from: 10, to: 15 },
  { band: 'moderatelySevere', from: 15, to: 20 },
  { band: 'severe', from: 20, to: 27 },
];

export type ScoredPoint = { id: number; day: string; score: number; item9: boolean };

/** Oldest first (by when it was taken, then by id). */
export function oldestFirst(list: readonly CheckIn[]): CheckIn[] {
  return [...list].sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id - b.id);
}

/** The check-ins of one kind that have a total, oldest first: the points of its line. */
export function scoredPoints(list: readonly CheckIn[], kind: Questionnaire): ScoredPoint[] {
  return oldestFirst(list)
    .filter((c): c is CheckIn & { score: number } => c.kind === kind && c.score !== null)
    .map((c) => ({ id: c.id, day: dateOnly(c.takenAt), score: c.score, item9: c.kind === 'phq9' && (c.item9 ?? 0) > 0 }));
}

export function hasScored(list: readonly CheckIn[]): boolean {
  return list.some((c) => c.score !== null);
}

/**
 * One sentence: for each questionnaire, its first and last score with their dates ("Your Mood
 * (PHQ-9) score went from 14 on November 3, 2026 to 8 on November 24, 2026; …"). Only scores,
 * never what they might mean.
 */
export function trendSummary(list: readonly CheckIn[]): string {
  const parts: string[] = [];
  for (const kind of KINDS) {
    const pts = scoredPoints(list, kind);
    if (pts.length === 0) continue;
    const what = t(KIND_WORDS[kind].short);
    const first = pts[0];
    const last = pts[pts.length - 1];
    parts.push(
      pts.length === 1
        ? t('checkins.trend.single', { kind: what, score: first.score, date: plainDate(first.day) })
        : t('checkins.trend.change', {
            kind: what,
            first: first.score,
            firstDate: plainDate(first.day),
            last: last.score,
            lastDate: plainDate(last.day),
          }),
    );
  }
  if (parts.length === 0) return '';
  const s = `${parts.join('; ')}.`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const DAY_MS = 86_400_000;
const noon = (day: string) => new Date(`${day}T12:00:00`);

export function addDays(day: string, n: number): string {
  return localDay(new Date(noon(day).getTime() + n * DAY_MS));
}

/** Whole days from `a` to `b` (local days, so a daylight-saving change does not shift it). */
export function daysBetween(a: string, b: string): number {
  return Math.round((noon(b).getTime() - noon(a).getTime()) / DAY_MS);
}

/** The Monday of a day's week. */
export function weekStart(day: string): string {
  return addDays(day, -((noon(day).getDay() + 6) % 7));
}

export type WeekMood = { week: string; average: number; entries: number };

/** The journal's mood per week (Monday to Sunday), over all its entries that week, oldest first. */
export function weeklyMood(points: readonly MoodPoint[]): WeekMood[] {
  const weeks = new Map<string, { sum: number; entries: number }>();
  for (const p of points) {
    const n = Math.max(1, p.entries);
    const w = weekStart(p.day);
    const acc = weeks.get(w) ?? { sum: 0, entries: 0 };
    acc.sum += p.average * n;
    acc.entries += n;
    weeks.set(w, acc);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, { sum, entries }]) => ({ week, average: sum / entries, entries }));
}

/** The sessions to mark: those with a date, up to `end`. */
export function datedSessions(timeline: readonly TimelineSession[], end: string): (TimelineSession & { date: string })[] {
  return timeline.filter((s): s is TimelineSession & { date: string } => s.date !== null && s.date <= end);
}

/**
 * The chart's first and last day: from the first check-in (or the first session, when earlier)
 * to today (or the last check-in, when later), at least a week wide.
 */
export function dateRange(list: readonly CheckIn[], sessionDays: readonly string[], today: string): { from: string; to: string } {
  const days = [...list.map((c) => dateOnly(c.takenAt)), ...sessionDays].sort();
  const to = [today, ...days].sort().at(-1) ?? today;
  let from = days[0] ?? today;
  if (daysBetween(from, to) < 6) from = addDays(to, -6);
  return { from, to };
}
