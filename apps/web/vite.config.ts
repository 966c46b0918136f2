import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The browser side of Switchboard, one Vite build with two pages: the admin
 * console (`/admin`) and the browser agent (`/client`). The API serves the
 * output (apps/api/src/web); `libs/infra/src/web-build.ts` runs this build.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [preact()],
  build: {
    emptyOutDir: true,
    rollupOptions: {
      input: {
        admin: resolve(__dirname, 'admin/index.html'),
        client: resolve(__dirname, 'client/index.html'),
      },
    },
  },
});
