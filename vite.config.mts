import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'renderer',
  base: './', // file:// loading from Electron
  plugins: [react()],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  test: {
    root: '.',
    include: ['{shared,electron,renderer,test}/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'test/e2e-electron/**', 'test/package/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['test/setup.ts', 'test/renderer/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
