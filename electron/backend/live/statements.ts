/** The per-connection statement cache lives with the connection (db/statements.ts). */
export { stmt } from '../db/statements.js';
