// Words for check-in results: what a band usually means, in plain language (never a diagnosis).
// The questionnaires' own wording comes from the core; nothing here copies it.
import { t, type MessageKey } from '../../i18n';
import { fullDate, localDay } from '../../dates';
import type { Band, CheckIn, Questionnaire } from '../../ipc';

export const KINDS: Questionnaire[] = ['phq9', 'gad7'];

/** Plain words first ("How my mood has been"), the instrument's name second. */
export const KIND_WORDS: Record<Questionnaire, { plain: MessageKey; name: MessageKey; short: MessageKey }> = {
  phq9: { plain: 'checkins.kind.phq9', name: 'checkins.kind.phq9.name', short: 'checkins.kind.phq9.short' },
  gad7: { plain: 'checkins.kind.gad7', name: 'checkins.kind.gad7.name', short: 'checkins.kind.gad7.short' },
};

/** "moderate range". */
export const BAND_WORDS: Record<Band, MessageKey> = {
  minimal: 'checkins.band.minimal',
  mild: 'checkins.band.mild',
  moderate: 'checkins.band.moderate',
  moderatelySevere: 'checkins.band.moderatelySevere',
  severe: 'checkins.band.severe',
};

// The GAD-7 has no "moderately severe" band; the core never sends it for that questionnaire.
const MEANING: Record<Questionnaire, Partial<Record<Band, MessageKey>>> = {
  phq9: {
    minimal: 'checkins.meaning.phq9.minimal',
    mild: 'checkins.meaning.phq9.mild',
    moderate: 'checkins.meaning.phq9.moderate',
    moderatelySevere: 'checkins.meaning.phq9.moderatelySevere',
    severe: 'checkins.meaning.phq9.severe',
  },
  gad7: {
    minimal: 'checkins.meaning.gad7.minimal',
    mild: 'checkins.meaning.gad7.mild',
    moderate: 'checkins.meaning.gad7.moderate',
    severe: 'checkins.meaning.gad7.severe',
  },
};

/** What scores in this band usually mean, in plain words. */
export function meaning(kind: Questionnaire, band: Band): string {
  const key = MEANING[kind][band];
  return key ? t(key) : t('checkins.meaning.other', { band: t(BAND_WORDS[band]) });
}

/**
 * The day a check-in was taken, YYYY-MM-DD: as written when the time carries its own offset, or
 * the patient's local day when it is in UTC.
 */
export function dateOnly(takenAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(takenAt)) return takenAt;
  if (/Z$/i.test(takenAt)) {
    const d = new Date(takenAt);
    if (!Number.isNaN(d.getTime())) return localDay(d);
  }
  return takenAt.slice(0, 10);
}

/** The date a check-in was taken, in the UI language: "Tuesday, December 1, 2026". */
export function takenOn(takenAt: string): string {
  return fullDate(dateOnly(takenAt));
}

/** The PHQ-9's last item (thoughts of being better off dead or of self-harm) answered above 0. */
export function mentionedItem9(c: Pick<CheckIn, 'kind' | 'item9'>): boolean {
  return c.kind === 'phq9' && c.item9 !== null && c.item9 > 0;
}

/** The highest possible total: every item at its highest answer (3). */
export function maxScore(c: Pick<CheckIn, 'answers'>): number {
  return c.answers.length * 3;
}

/** Newest first (by when it was taken, then by id for the same moment). */
export function newestFirst(list: readonly CheckIn[]): CheckIn[] {
  return [...list].sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.id - a.id);
}

/** One sentence for screen readers: the latest check-in of each kind. */
export function latestSummary(list: readonly CheckIn[]): string {
  const sorted = newestFirst(list);
  const parts: string[] = [];
  for (const kind of KINDS) {
    const c = sorted.find((x) => x.kind === kind);
    if (!c) continue;
    const date = takenOn(c.takenAt);
    const what = t(KIND_WORDS[kind].short);
    parts.push(
      c.score !== null && c.band !== null
        ? t('checkins.summary.part', { kind: what, date, score: c.score, band: t(BAND_WORDS[c.band]) })
        : t('checkins.summary.partNoTotal', { kind: what, date }),
    );
  }
  return parts.length === 0 ? t('checkins.summary.none') : t('checkins.summary.lead', { parts: parts.join('; ') });
}
