// Jest-DOM matchers for component tests (files opt into jsdom with a `@vitest-environment jsdom` docblock).
import '@testing-library/jest-dom/vitest';
