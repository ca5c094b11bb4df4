import { defineConfig } from 'vite';

// The dashboard is served by `elective serve` from web/dist; no CDN, everything bundled.
// `npm run dev` proxies /api to a server on 127.0.0.1:8080.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
