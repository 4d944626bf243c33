// The layer table of docs/architecture.md, proved against the real eslint.config.mjs: every forbidden
// import is an error in the layer that must not have it, the legal imports of that layer pass, and an
// import cycle is an error anywhere (test/lint-fixtures/cycle: two modules importing each other).
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
let eslint: ESLint;
/** The real config, types included (one instance: each loads the TypeScript projects once). */
const typed = new ESLint({ cwd: root });

// The layer rules need no types: these checks lint code for files that do not exist, which the TypeScript
// project service (used by the type-aware promise rules, checked below on real files) cannot open.
const untyped = {
  languageOptions: { parserOptions: { projectService: false } },
  rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
} as const;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfig: untyped });
});

/** Rule ids of the errors ESLint reports for `code` as if it lived at `filePath`. */
async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

// Each import is used so that only the layer rules can fire.
const use = (binding: string) => `\nexport const used = ${binding};\n`;

const violations: [layer: string, file: string, code: string][] = [
  ['shared', 'shared/segments/Bad.ts', `import fs from 'node:fs';${use('fs')}`],
  ['shared', 'shared/segments/Bad.ts', `import path from 'path';${use('path')}`],
  ['shared', 'shared/api/Bad.ts', `import { app } from 'electron';${use('app')}`],
  ['shared', 'shared/models/Bad.ts', `import { useState } from 'react';${use('useState')}`],
  ['shared', 'shared/models/Bad.ts', `import Button from '@mui/material/Button';${use('Button')}`],
  ['shared', 'shared/api/Bad.ts', `import { createBackend } from '../../electron/backend/index.js';${use('createBackend')}`],
  ['shared', 'shared/api/Bad.ts', `import { App } from '../../renderer/src/app/App.js';${use('App')}`],
  ['shared test', 'shared/segments/bad.test.ts', `import { createBackend } from '../../electron/backend/index.js';${use('createBackend')}`],
  ['renderer', 'renderer/src/Bad.tsx', `import { ipcRenderer } from 'electron';${use('ipcRenderer')}`],
  ['renderer', 'renderer/src/Bad.tsx', `import fs from 'node:fs';${use('fs')}`],
  ['renderer', 'renderer/src/features/Bad.tsx', `import os from 'os';${use('os')}`],
  ['renderer', 'renderer/src/Bad.tsx', `import Database from 'better-sqlite3';${use('Database')}`],
  ['renderer', 'renderer/src/Bad.tsx', `import { WebSocketServer } from 'ws';${use('WebSocketServer')}`],
  ['renderer', 'renderer/src/Bad.tsx', `import { createBackend } from '../../electron/backend/index.js';${use('createBackend')}`],
  ['renderer', 'renderer/src/app/Bad.ts', `import type { Backend } from '../../../electron/backend/index.js';\nexport type B = Backend;\n`],
  ['preload', 'electron/preload/Bad.ts', `import fs from 'node:fs';${use('fs')}`],
  ['preload', 'electron/preload/Bad.ts', `import { createBackend } from '../backend/index.js';${use('createBackend')}`],
  ['preload', 'electron/preload/Bad.ts', `import { SEGMENT_TYPES } from '../../shared/models/segment.js';${use('SEGMENT_TYPES')}`],
  ['backend', 'electron/backend/Bad.ts', `import { app } from 'electron';${use('app')}`],
  ['backend', 'electron/backend/segments/Bad.ts', `import { registerIpc } from '../../main/ipc.js';${use('registerIpc')}`],
  ['backend', 'electron/backend/Bad.ts', `import { startWebHost } from '../webhost/server.js';${use('startWebHost')}`],
  ['backend', 'electron/backend/live/Bad.ts', `import { main } from '../../cli/index.js';${use('main')}`],
  ['main (not index)', 'electron/main/Bad.ts', `import { BrowserWindow } from 'electron';${use('BrowserWindow')}`],
  ['main', 'electron/main/index.ts', `import Database from 'better-sqlite3';${use('Database')}`],
  ['web host', 'electron/webhost/Bad.ts', `import Database from 'better-sqlite3';${use('Database')}`],
  ['web host', 'electron/webhost/Bad.ts', `import { app } from 'electron';${use('app')}`],
  ['cli', 'electron/cli/Bad.ts', `import Database from 'better-sqlite3';${use('Database')}`],
  ['cli', 'electron/cli/commands/Bad.ts', `import { registerIpc } from '../../main/ipc.js';${use('registerIpc')}`],
  ['web host', 'electron/webhost/Bad.ts', `import { registerIpc } from '../main/ipc.js';${use('registerIpc')}`],
  ['web host', 'electron/webhost/Bad.ts', `import { App } from '../../renderer/src/app/App.js';${use('App')}`],
  ['cli', 'electron/cli/Bad.ts', `import { App } from '../../renderer/src/app/App.js';${use('App')}`],
  ['main (not index)', 'electron/main/Bad.ts', `import { App } from '../../renderer/src/app/App.js';${use('App')}`],
  ['main', 'electron/main/index.ts', `import { makeStore } from '../../renderer/src/app/store.js';${use('makeStore')}`],
];

const legal: [layer: string, file: string, code: string][] = [
  [
    'shared',
    'shared/api/Good.ts',
    `import { z } from 'zod';\nimport { ok } from './result.js';\nimport type { SegmentType } from '../models/segment.js';\nexport const x = [z, ok];\nexport type T = SegmentType;\n`,
  ],
  [
    'shared test',
    'shared/segments/good.test.ts',
    `import fs from 'node:fs';\nimport { arb } from '../../test/fixtures/arbitraries.js';\nexport const x = [fs, arb];\n`,
  ],
  [
    'renderer',
    'renderer/src/features/segments/Good.tsx',
    `import Button from '@mui/material/Button';\nimport { API_METHODS } from '../../../../shared/api/manifest.js';\nexport const x = [Button, API_METHODS];\n`,
  ],
  [
    'preload',
    'electron/preload/Good.ts',
    `import { contextBridge } from 'electron';\nimport { API_METHODS } from '../../shared/api/manifest.js';\nimport { makeBridge } from './bridge.js';\nexport const x = [contextBridge, API_METHODS, makeBridge];\n`,
  ],
  [
    'backend',
    'electron/backend/Good.ts',
    `import Database from 'better-sqlite3';\nimport fs from 'node:fs';\nimport { ok } from '../../shared/api/result.js';\nexport const x = [Database, fs, ok];\n`,
  ],
  [
    'main index',
    'electron/main/index.ts',
    `import { app } from 'electron';\nimport { createBackend } from '../backend/index.js';\nexport const x = [app, createBackend];\n`,
  ],
  [
    'main module',
    'electron/main/Good.ts',
    `import type { IpcMain } from 'electron';\nimport path from 'node:path';\nexport type I = IpcMain;\nexport const x = path;\n`,
  ],
  [
    'cli',
    'electron/cli/Good.ts',
    `import { createBackend } from '../backend/index.js';\nimport { ok } from '../../shared/api/result.js';\nexport const x = [createBackend, ok, /a/.exec('a')];\n`,
  ],
  [
    'web host test',
    'electron/webhost/good.test.ts',
    `import { CONTENT_SECURITY_POLICY } from '../main/window.js';\nexport const x = CONTENT_SECURITY_POLICY;\n`,
  ],
  [
    'web host',
    'electron/webhost/Good.ts',
    `import http from 'node:http';\nimport { WebSocketServer } from 'ws';\nimport { createBackend } from '../backend/index.js';\nexport const x = [http, WebSocketServer, createBackend];\n`,
  ],
];

describe('layer lint rules', () => {
  it.each(violations)('reports an error for a forbidden import in %s (%s)', async (_layer, file, code) => {
    const errors = await errorsFor(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.includes('no-restricted-imports'))).toBe(true);
  });

  it.each(legal)('accepts the legal imports of %s (%s)', async (_layer, file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });

  it('reports an import cycle (two modules importing each other), and not a type-only import back', async () => {
    // The fixtures are ignored by `npm run lint` (they are broken on purpose); lint them explicitly here.
    const probe = new ESLint({ cwd: root, ignore: false, overrideConfig: untyped });
    const cycleErrors = async (name: string) => {
      const file = path.join(root, 'test/lint-fixtures/cycle', name);
      const [result] = await probe.lintText(fs.readFileSync(file, 'utf8'), { filePath: file });
      return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId);
    };
    expect(await cycleErrors('a.ts')).toEqual(['import-x/no-cycle']);
    expect(await cycleErrors('b.ts')).toEqual(['import-x/no-cycle']);
    expect(await cycleErrors('typeOnly.ts')).toEqual([]);
  });

  it.each([
    [
      'raw SQL',
      `import type { Backend } from '../../backend/index.js';\nexport const n = (b: Backend) => b.db.prepare('SELECT 1').get();\n`,
    ],
    ['a pragma', `import type { Backend } from '../../backend/index.js';\nexport const v = (b: Backend) => b.db.pragma('user_version');\n`],
    ['a handler internal', `import { assertValid } from '../../backend/api/handlers/engine.js';${use('assertValid')}`],
  ])('refuses %s in the CLI (it calls dispatch like the app)', async (_what, code) => {
    const errors = await errorsFor('electron/cli/commands/Bad.ts', code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => /no-restricted-(imports|syntax)/.test(e))).toBe(true);
  });

  // Outside the renderer, a promise is awaited, returned, or explicitly `void`ed: a function that became
  // async while a caller ignores its promise is an error (the real config, with types, on real files).
  it.each(['electron/backend/live/lifecycle.ts', 'electron/cli/index.ts', 'bench/run.ts', 'test/integration/lintLayers.test.ts'])(
    'reports a floating promise in %s',
    async (file) => {
      const code = `async function later(): Promise<number> {\n  return 1;\n}\nexport function now(): void {\n  later();\n}\n`;
      const [result] = await typed.lintText(code, { filePath: path.join(root, file) });
      const errors = (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId);
      expect(errors).toEqual(['@typescript-eslint/no-floating-promises']);
      const [fixed] = await typed.lintText(code.replace('  later();', '  void later();'), { filePath: path.join(root, file) });
      expect((fixed?.messages ?? []).filter((m) => m.severity === 2)).toEqual([]);
    },
  );

  it('ignores build output', async () => {
    expect(await eslint.isPathIgnored(path.join(root, 'dist/assets/index.js'))).toBe(true);
    expect(await eslint.isPathIgnored(path.join(root, 'dist-electron/electron/main/index.js'))).toBe(true);
  });
});
