// Lint probe (test/integration/lintLayers.test.ts): a.ts and b.ts import each other, a cycle.
import { b } from './b.js';

export const a = (): string => `a${b}`;
