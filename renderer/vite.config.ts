import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer build: relative URLs (the window loads dist/renderer/index.html from file://), no inline script
 * or style (the CSP forbids both), and nothing fetched at run time (the app is used offline).
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    // The polyfill is injected inline; Chromium and Electron 45 support modulepreload natively.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'chrome130',
    chunkSizeWarningLimit: 1500,
  },
});
