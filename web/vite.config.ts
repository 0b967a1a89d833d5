// The scheduler's workspace: built into web/dist (served by the gateway at /), or served by Vite's dev server with
// the API proxied to a running gateway (GATEWAY_URL, default http://127.0.0.1:4000).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.GATEWAY_URL?.replace(/\/graphql$/, '') ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    proxy: { '/graphql': gateway, '/api': gateway, '/openapi.json': gateway },
  },
});
