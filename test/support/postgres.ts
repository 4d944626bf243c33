/**
 * A real PostgreSQL 15 server for tests (`requirePostgres`, `startPostgres`): the implementation lives in
 * bench/pgServer.ts, shared with the warehouse bench (compiled with the app, which the tests are not).
 */
export { PG_BIN, postgresMissing, requirePostgres, startPostgres, type TestPostgres } from '../../bench/pgServer.js';
