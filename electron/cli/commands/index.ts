/**
 * The command table. To add a command, create `commands/<name>.ts` exporting a CliCommand and list it
 * here (one line); help and argument parsing come from its declaration.
 */
import type { CliCommand } from '../command.js';
import { catalogCommand } from './catalog.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import { evalCommand } from './eval.js';
import { segmentLiveCommand } from './segmentLive.js';
import { exportCommand, importSegmentsCommand } from './segmentFiles.js';
import { importsCommand } from './imports.js';
import { deleteCommand } from './delete.js';
import { sqlCommand } from './sql.js';
import { warehouseCommand } from './warehouse.js';

export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  importCommand,
  importsCommand,
  deleteCommand,
  catalogCommand,
  evalCommand,
  segmentLiveCommand,
  exportCommand,
  importSegmentsCommand,
  sqlCommand,
  warehouseCommand,
];
