// Lint probe (test/integration/lintLayers.test.ts): a type-only import back into the cycle is no run-time cycle.
import type { a } from './a.js';

export type A = typeof a;
