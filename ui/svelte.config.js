import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Styles go to the bundled .css file, which the CSP (style-src 'self') allows.
    css: 'external',
  },
};
