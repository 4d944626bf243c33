/**
 * File transfer for the browser preview, which has no native open/save dialogs and whose page cannot
 * name paths on this computer:
 *
 *   POST /files/upload?name=<file name>       body: the file's bytes → 201 {"file": "upload:<uuid>", "bytes": N}
 *       The CSV import wizard uploads the picked file, then passes the handle as the path of
 *       imports.*; the host swaps it for the stored file (pathPolicy.ts). No client names a path.
 *   POST /files/members-export                 body: {"id": "<segment id>", "columns"?: [...], "format"?: "csv"|"xlsx", "exportId"?: "…"}
 *       Runs segments.exportMembers into a temp file (progress events flow over the WebSocket as
 *       usual, exports.cancel stops it by exportId) and answers with the CSV or .xlsx as an attachment;
 *       the temp file is deleted afterwards.
 *   POST /files/contacts-export                body: contacts.export's input without `path`
 *       The same for the contacts grid (search, filters, sort, columns, format).
 *   POST /files/split-export                   body: splits.exportMembers' input without `path`
 *       A parent's members with the Group column of one of its splits.
 *
 * Both require the page's own Origin (a same-origin POST always sends it), so another web page in
 * the browser cannot upload to or read from this host.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Backend } from '../backend/index.js';
import type { WebPathPolicy } from './pathPolicy.js';

/** Uploads larger than this are refused (a CRM export of a few million rows fits comfortably). */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
const MAX_JSON_BYTES = 64 * 1024;

export interface HostFiles {
  /** The temp folder holding uploads and exports of this host. */
  dir: string;
  /** Handles `/files/*` requests; returns false for any other path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** Deletes the temp folder. */
  dispose(): void;
}

/** A file name safe to use inside our temp folder (no separators, no dot-dot, bounded length). */
export function safeFileName(name: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    .replace(/[^\w.\- ]+/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return base || 'upload.csv';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_JSON_BYTES) throw new Error('The request body is too large.');
    chunks.push(b);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export function createHostFiles(backend: Backend, isAllowed: (req: http.IncomingMessage) => boolean, paths: WebPathPolicy): HostFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-studio-files-'));

  const upload = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES)
      return sendJson(res, 413, { error: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB.` });
    const file = path.join(dir, `${crypto.randomUUID()}-${safeFileName(url.searchParams.get('name') ?? '')}`);
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_UPLOAD_BYTES) req.destroy(new Error('too large'));
    });
    try {
      await pipeline(req, fs.createWriteStream(file));
    } catch {
      fs.rmSync(file, { force: true });
      if (!res.headersSent) sendJson(res, size > MAX_UPLOAD_BYTES ? 413 : 400, { error: 'The upload did not complete.' });
      return;
    }
    sendJson(res, 201, { file: paths.register(file), bytes: size });
  };

  /** Runs an export method into a temp file and answers with that file as an attachment. */
  const exportTo = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: 'segments.exportMembers' | 'contacts.export' | 'splits.exportMembers',
  ): Promise<void> => {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return sendJson(res, 400, { error: 'The body must be a JSON object with the export input (no path).' });
    }
    const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const xlsx = input['format'] === 'xlsx';
    const file = path.join(dir, `${crypto.randomUUID()}.${xlsx ? 'xlsx' : 'csv'}`);
    // The client names no path: the host's temp file is the only one (pathPolicy refuses any other write).
    const result = await backend.dispatch(method, { ...input, path: file });
    if (!result.ok) {
      fs.rmSync(file, { force: true });
      const status = result.error.code === 'not_found' ? 404 : result.error.code === 'cancelled' ? 409 : 400;
      return sendJson(res, status, { error: result.error.message, code: result.error.code });
    }
    const stat = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'Content-Length': stat.size,
      'Content-Disposition': `attachment; filename="${method === 'contacts.export' ? 'contacts' : 'members'}.${xlsx ? 'xlsx' : 'csv'}"`,
      'X-Export-Rows': String((result.value as { rows: number }).rows),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    try {
      await pipeline(fs.createReadStream(file), res);
    } finally {
      fs.rmSync(file, { force: true });
    }
  };

  return {
    dir,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://host');
      if (!url.pathname.startsWith('/files/')) return false;
      if (!isAllowed(req)) {
        sendJson(res, 403, { error: 'Only pages served by this host may transfer files.' });
        return true;
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, { error: 'Use POST.' });
        return true;
      }
      const route =
        url.pathname === '/files/upload'
          ? upload(req, res, url)
          : url.pathname === '/files/members-export'
            ? exportTo(req, res, 'segments.exportMembers')
            : url.pathname === '/files/contacts-export'
              ? exportTo(req, res, 'contacts.export')
              : url.pathname === '/files/split-export'
                ? exportTo(req, res, 'splits.exportMembers')
                : null;
      if (!route) {
        sendJson(res, 404, { error: 'No such file route.' });
        return true;
      }
      route.catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'The file transfer failed.' });
        else res.destroy();
      });
      return true;
    },
    dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
