import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The browser side of Switchboard, one Vite build with two pages: the admin
 * console (`/admin`) and the browser agent (`/client`). The API serves the
 * output (apps/api/src/web); `libs/infra/src/web-build.ts` runs this build.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact()],
  build: {
    emptyOutDir: true,
    rollupOptions: {
      input: {
        admin: resolve(import.meta.dirname, 'admin/index.html'),
        client: resolve(import.meta.dirname, 'client/index.html'),
      },
    },
  },
});
