/**
 * Import benchmark of the readers (issue 16): the bench's contacts file rewritten as `;`-separated
 * Windows-1252 with decimal commas, as tab-separated UTF-16 LE with BOM (Excel "Unicode text") and as an
 * .xlsx workbook with typed cells, each imported into a fresh database after the same accounts, timed
 * against the plain UTF-8 comma file. Targets: every CSV shape within 1.2x of UTF-8 comma; .xlsx ≤ 60 s
 * per 1M contacts. Peak RSS is sampled during each import (the readers stream; memory stays bounded).
 *
 *   npm run bench:import -- --formats [--contacts N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { EventBus } from '../electron/backend/events.js';
import { openDatabase } from '../electron/backend/db/connection.js';
import { ImportService } from '../electron/backend/io/importService.js';
import type { ImportOptions } from '../shared/api/contract/imports.js';

/** Rewrites a plain comma CSV (no quoted cells, as the bench writes it) line by line into another shape. */
async function convert(
  src: string,
  dest: string,
  toLine: (cells: string[]) => string,
  encode: (s: string) => Buffer,
  bom: Buffer,
): Promise<void> {
  if (fs.existsSync(dest)) return;
  const fd = fs.openSync(`${dest}.tmp`, 'w');
  fs.writeSync(fd, bom);
  let rest = '';
  let buf: string[] = [];
  const flush = (): void => {
    if (buf.length > 0) fs.writeSync(fd, encode(`${buf.join('\r\n')}\r\n`));
    buf = [];
  };
  for await (const chunk of fs.createReadStream(src, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) if (l !== '') buf.push(toLine(l.split(',')));
    if (buf.length >= 20_000) flush();
  }
  if (rest !== '') buf.push(toLine(rest.split(',')));
  flush();
  fs.closeSync(fd);
  fs.renameSync(`${dest}.tmp`, dest);
}

/** Writes the contacts as a workbook with typed cells (numbers, dates), as Excel would store them. */
async function toXlsx(src: string, dest: string): Promise<void> {
  if (fs.existsSync(dest)) return;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${dest}.tmp`, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Contacts');
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  ws.getColumn(6).numFmt = 'yyyy-mm-dd hh:mm:ss';
  let rest = '';
  let first = true;
  const row = (c: string[]): void => {
    if (first) {
      first = false;
      ws.addRow(c).commit();
      return;
    }
    const typed: unknown[] = [...c];
    typed[4] = new Date(`${c[4]}T00:00:00Z`);
    typed[5] = new Date(c[5] ?? '');
    typed[7] = Number(c[7]);
    ws.addRow(typed).commit();
  };
  for await (const chunk of fs.createReadStream(src, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) if (l !== '') row(l.split(','));
  }
  if (rest !== '') row(rest.split(','));
  ws.commit();
  await wb.commit();
  fs.renameSync(`${dest}.tmp`, dest);
}

interface FormatStep {
  shape: string;
  seconds: number;
  rowsPerSecond: number;
  cpuSeconds: number;
  peakRssMb: number;
  loadAverage: number;
}

async function timeShape(
  cache: string,
  accounts: string,
  file: string,
  shape: string,
  extra: Partial<ImportOptions>,
  rows: number,
): Promise<FormatStep> {
  const dbFile = path.join(cache, 'import-formats-bench.db');
  for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
  const db = openDatabase(dbFile);
  try {
    const svc = new ImportService({ db, events: new EventBus(), now: Date.now, onDataChanged: () => {} });
    const a = await svc.start({ kind: 'entity', entity: 'account', path: accounts, key: 'accountid' });
    await svc.wait(a.id);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const opts = {
      kind: 'entity',
      entity: 'contact',
      path: file,
      key: 'contactid',
      lookups: { parentcustomerid: 'account' },
      ...extra,
    } as ImportOptions;
    const { id } = await svc.start(opts);
    const s = await svc.wait(id);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    clearInterval(sampler);
    const used = process.cpuUsage(cpu);
    if (s.status !== 'completed' || s.imported !== rows || s.skipped !== 0) throw new Error(`${shape}: ${JSON.stringify(s)}`);
    const step = {
      shape,
      seconds,
      rowsPerSecond: rows / seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: Math.round(peak / 1e6),
      loadAverage: os.loadavg()[0] ?? 0,
    };
    console.log(
      `  ${shape.padEnd(26)} ${seconds.toFixed(1).padStart(6)} s  ${Math.round(step.rowsPerSecond).toLocaleString('en-US').padStart(9)} rows/s  cpu ${step.cpuSeconds.toFixed(1)} s  peak RSS ${step.peakRssMb} MB  load ${step.loadAverage.toFixed(1)}`,
    );
    return step;
  } finally {
    db.close();
  }
}

/** Runs the format comparison on the bench's generated accounts and contacts files. */
export async function runFormatsBench(cache: string, accounts: string, contacts: string, rows: number): Promise<void> {
  const base = contacts.replace(/\.csv$/, '');
  const t0 = Date.now();
  const semicolon = `${base}-semicolon-1252.csv`;
  await convert(
    contacts,
    semicolon,
    (c) => c.map((x, i) => (i === 7 ? x.replace('.', ',') : x)).join(';'),
    (s) => iconv.encode(s, 'win1252'),
    Buffer.alloc(0),
  );
  const utf16 = `${base}-tab-utf16le.txt`;
  await convert(
    contacts,
    utf16,
    (c) => c.join('\t'),
    (s) => iconv.encode(s, 'utf-16le'),
    Buffer.from([0xff, 0xfe]),
  );
  const xlsx = `${base}.xlsx`;
  await toXlsx(contacts, xlsx);
  console.log(`  format files ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (xlsx ${(fs.statSync(xlsx).size / 1e6).toFixed(0)} MB)`);
  const steps = [
    await timeShape(cache, accounts, contacts, 'UTF-8 comma', {}, rows),
    await timeShape(cache, accounts, semicolon, '; Windows-1252 decimal ,', { decimalSeparator: ',' }, rows),
    await timeShape(cache, accounts, utf16, 'tab UTF-16 LE (BOM)', {}, rows),
    await timeShape(cache, accounts, xlsx, '.xlsx (exceljs stream)', {}, rows),
  ];
  const plain = steps[0]?.seconds ?? 1;
  for (const s of steps.slice(1)) console.log(`  ${s.shape}: ${(s.seconds / plain).toFixed(2)}x UTF-8 comma`);
  const out = path.join(cache, `results-${new Date().toISOString().slice(0, 16).replace(':', '-')}-import-formats.json`);
  fs.writeFileSync(out, `${JSON.stringify({ rows, node: process.version, cpus: os.cpus().length, steps }, null, 2)}\n`);
  console.log(`  results: ${path.relative(process.cwd(), out)}`);
}
