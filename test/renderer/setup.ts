/**
 * Vitest setup: hands the real backend to component tests (renderer/src/test/testBackend.ts). The
 * backend is imported on first use only, so test files that never start one do not load it.
 */
import { provideTestBackend } from '../../renderer/src/test/testBackend.js';

provideTestBackend(async (options) => (await import('./backend.js')).createTestBackend(options));
