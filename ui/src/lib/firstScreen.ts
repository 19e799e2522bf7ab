// The mark `make bench-app` reads to time launch → first screen painted, the same in the app and
// in the empty Tauri app it is measured against (benches/empty-app/page/ready.js sets the same
// name the same way). A User Timing mark: nothing leaves the window.

export const FIRST_SCREEN_MARK = 'ipt-first-screen';

let marked = false;

/** Sets the mark once, after the frame that shows the first screen has been painted. */
export function markFirstScreen(): void {
  if (marked || typeof performance === 'undefined' || typeof requestAnimationFrame === 'undefined') return;
  marked = true;
  // A requestAnimationFrame callback runs just before the paint; a task queued from it runs after.
  requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_SCREEN_MARK), 0));
}

/** Tests only: forget that the mark was set. */
export function resetFirstScreenMark(): void {
  marked = false;
}
