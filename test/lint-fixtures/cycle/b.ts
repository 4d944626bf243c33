// Lint probe (test/integration/lintLayers.test.ts): b.ts and a.ts import each other, a cycle.
import { a } from './a.js';

export const b = (): string => `b${a}`;
