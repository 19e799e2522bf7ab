/**
 * Trims white space as the core does (Rust's `trim`, `split_whitespace`: the Unicode White_Space
 * property). JavaScript's own `trim()` also drops U+FEFF (zero-width no-break space), which is not
 * white space: one the patient typed or pasted at the end of a line would be lost before the core
 * ever saw it.
 */
export function trimSpace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}
