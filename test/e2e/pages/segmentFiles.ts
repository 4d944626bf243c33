import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Download, type Page } from '@playwright/test';
import type { SegmentRecordPage } from './SegmentRecordPage';

/** A second built web host on its own fresh (demo-seeded) database, as another user's machine. */
export interface SecondHost {
  url: string;
  close(): Promise<void>;
}

export async function startSecondHost(port = 0): Promise<SecondHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-files-e2e-'));
  const root = path.join(__dirname, '..', '..', '..');
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'dist-electron/electron/webhost/index.js'), '--db', path.join(dir, 'fresh.db'), '--port', String(port)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let url = `http://127.0.0.1:${port}`;
  // Should the worker be torn down before the test's finally runs, do not leave the host behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // With port 0 the host picks a free port and says which.
      const said = /is running at (http:\/\/\S+?)\/?\s/.exec(output)?.[1];
      if (said) {
        url = said;
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`The second web host exited (${String(code)}): ${output}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        const done = () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** Exports the open record as a segment file from the Export dialog; returns the browser download. */
export async function exportSegmentFile(page: Page, record: SegmentRecordPage): Promise<Download> {
  await record.command('Export').click();
  const dialog = page.getByRole('dialog', { name: /^Export/ });
  await dialog.getByRole('radio', { name: /^Segment file/ }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  await expect(dialog).toBeHidden();
  return file;
}

/** Imports `filePath` through the Segments page's Import dialog; returns the dialog (showing the result). */
export async function importSegmentFile(page: Page, filePath: string) {
  await page.getByRole('button', { name: 'Import segments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import segments' });
  await dialog.getByLabel('Segment file').setInputFiles(filePath);
  await expect(dialog.getByRole('list', { name: 'Segments in the file' })).toBeVisible();
  return dialog;
}

/** The definition as segment query text (the Definition tab's Query text view). */
export async function queryText(page: Page, record: SegmentRecordPage): Promise<string> {
  await record.tab('Definition').click();
  await page.getByRole('button', { name: 'Query text' }).click();
  const text = page.getByRole('textbox', { name: 'Query text' });
  await expect(text).not.toHaveValue('');
  return text.inputValue();
}
