import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The dashboard: web/ → dist/web/, served by `atalaya serve` at `/`. Everything is bundled: no CDN. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
