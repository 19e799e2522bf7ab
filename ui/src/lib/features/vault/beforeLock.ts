// What must reach the vault before it closes. A form that keeps unsaved writing (the journal's
// draft) registers a flush here; locking (button, Ctrl+L) and closing the window run every flush
// first, so words typed a moment before are not lost to the autosave's interval.

type Flush = () => Promise<void>;

const flushes = new Set<Flush>();

/** Registers a flush; returns the function that removes it (call it when the form closes). */
export function onBeforeLock(flush: Flush): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/** Runs every registered flush. Rejects with the first failure: the caller must then not lock. */
export async function flushBeforeLock(): Promise<void> {
  await Promise.all([...flushes].map((f) => f()));
}
