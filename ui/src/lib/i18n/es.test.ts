// The Spanish catalog (messages/es.json): same keys and placeholders as the English one, really
// translated, one voice (tú). A message with plural variants is checked variant by variant.
import { describe, expect, it } from 'vitest';
import type { MessageKey } from './index';
import { en, es } from './catalogs';

const keys = Object.keys(en) as MessageKey[];
/** A whole word, with Spanish letters counted as letters (plain \b treats ñ and á as gaps). */
const word = (alternatives: string) => new RegExp(`(?<!\\p{L})(${alternatives})(?!\\p{L})`, 'iu');
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** Messages that read the same in both languages: names, codes, shortcuts and bare placeholders. */
const SAME_IN_BOTH = new Set<MessageKey>([
  'app.name',
  'safetyPlan.stepNumber',
  'checkins.trend.axis.phq9',
  'checkins.trend.axis.gad7',
  'shell.lockShortcut',
  'agenda.kind.plan',
  'settings.about.sqlite',
  'settings.about.cipher',
  'fit.no',
  'circle.personButton',
  'circle.summaryRing',
  'circle.placeLine',
]);

describe('the Spanish catalog', () => {
  it('has every English key, and no other, in the same order', () => {
    expect(Object.keys(es)).toEqual(keys);
  });

  it('keeps the same {placeholders} in each message', () => {
    for (const k of keys) expect([k, placeholders(es[k])]).toEqual([k, placeholders(en[k])]);
  });

  it('translates every message except a short list of names and codes', () => {
    const same = keys.filter((k) => es[k] === en[k] && !SAME_IN_BOTH.has(k));
    expect(same).toEqual([]);
    for (const k of keys) expect([k, es[k].trim().length > 0]).toEqual([k, true]);
  });

  it('speaks as tú throughout: no usted, no vosotros', () => {
    const formal = keys.filter((k) => word('usted|ustedes|vosotros|vosotras|os').test(es[k]));
    expect(formal).toEqual([]);
  });

  it('uses neutral words understood in Latin America and Spain', () => {
    const regional = keys.filter((k) => word('ordenador|computadora|celular|m[oó]vil|coger|cog[eií]\\p{L}*').test(es[k]));
    expect(regional).toEqual([]);
  });

  it('never writes gender with a slash (Bienvenido/a)', () => {
    expect(keys.filter((k) => /\w\/[ao]s?\b/.test(es[k]))).toEqual([]);
  });

  it('opens every question and exclamation', () => {
    expect(keys.filter((k) => es[k].includes('?') && !es[k].includes('¿'))).toEqual([]);
    expect(keys.filter((k) => es[k].includes('!') && !es[k].includes('¡'))).toEqual([]);
  });

  it('uses typographic quotes, like the English', () => {
    expect(keys.filter((k) => /["«»]/.test(es[k]))).toEqual([]);
  });

  it('never calls a score a diagnosis', () => {
    for (const k of keys) {
      if (/diagn[oó]stic/i.test(es[k])) expect(es[k]).toMatch(/no es un diagnóstico/i);
    }
  });

  it('the sick-role card names no condition and blames no one', () => {
    const text = es['cards.sickRole.lead'];
    expect(text).not.toMatch(/depresi|enfermedad|trastorno|ansiedad/i);
    expect(text).toMatch(/reconocido/);
    expect(text).toMatch(/tratar/);
    expect(text).toMatch(/no es culpa tuya/i);
    expect(text).toMatch(/por ahora/i);
  });

  it('keeps the clinical terms in the “your therapist may call this” lines', () => {
    expect(es['area.grief.term']).toMatch(/duelo/);
    expect(es['area.roleDispute.term']).toMatch(/disputa de roles/);
    expect(es['area.roleTransition.term']).toMatch(/transición de roles/);
    expect(es['area.interpersonalDeficits.term']).toMatch(/sensibilidad interpersonal/);
    expect(es['phase.initial.detail']).toMatch(/fase inicial/);
    expect(es['phase.middle.detail']).toMatch(/fase intermedia/);
    expect(es['phase.termination.detail']).toMatch(/fase final/);
    expect(es['phase.termination.about']).toMatch(/sentimientos encontrados/);
  });

  it('keeps the privacy promise whole', () => {
    const text = es['welcome.promise.encrypted'];
    expect(text).toMatch(/frase de contraseña/);
    expect(text).toMatch(/llavero/);
    expect(text).toMatch(/nadie más/);
    expect(text).toMatch(/familia/);
  });
});
