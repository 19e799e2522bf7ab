import '@testing-library/jest-dom/vitest';
import { randomFillSync } from 'node:crypto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { useLocale } from './lib/i18n';

// mockIPC needs window.crypto.getRandomValues for its callback ids.
if (!window.crypto?.getRandomValues) {
  Object.defineProperty(window, 'crypto', {
    value: { getRandomValues: (b: Uint8Array) => randomFillSync(b) },
  });
}

// jsdom has <dialog> but not showModal/close.
if (!HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
  // The language is the window's; a test that switched it leaves English for the next one.
  useLocale('en');
});

// jsdom has no layout, so no ResizeObserver (used by bind:clientHeight): a stub that never fires.
if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { value: ResizeObserverStub });
}
