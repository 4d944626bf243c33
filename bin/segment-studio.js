#!/usr/bin/env node
// Runs the compiled CLI (dist-electron); build it first with `npm run build:electron`.
'use strict';

async function run() {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const url = await import('node:url');
  const entry = path.join(__dirname, '..', 'dist-electron', 'electron', 'cli', 'index.js');
  if (!fs.existsSync(entry)) {
    process.stderr.write('segment-studio: the CLI is not built yet. Run `npm run build:electron` first.\n');
    return 1;
  }
  const cli = await import(url.pathToFileURL(entry).href);
  return cli.main(process.argv.slice(2));
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`segment-studio: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
