// The same first-screen mark the real app sets (ui/src/lib/firstScreen.ts): once the first
// screen is in the DOM, after the next frame has been painted.
requestAnimationFrame(() => setTimeout(() => performance.mark('ipt-first-screen'), 0));
