/**
 * Every API call returns an {@link ApiResult}: errors are values with stable codes, because a thrown
 * Error does not survive IPC or a WebSocket intact.
 */

/** Stable error codes. The UI maps each to a clear message; never parse `message` for logic. */
export type ApiErrorCode =
  | 'invalid_input' // the input failed validation at the boundary (see `issues`)
  | 'not_found' // the addressed record does not exist
  | 'conflict' // the change collides with existing data (e.g. a duplicate name)
  | 'invalid_state' // the record's status does not allow this (e.g. editing a live segment)
  | 'validation_failed' // a segment definition has errors (see `issues`, keyed by node id)
  | 'unknown_channel' // the channel is not in the manifest
  | 'forbidden' // the caller is not allowed (e.g. a foreign IPC sender)
  | 'cancelled' // a long operation was cancelled
  | 'internal'; // a bug: the message says what failed; nothing was changed

/** One problem with an input: where (`path`, dotted, or a definition `nodeId`) and what. */
export interface ApiIssue {
  /** Dotted path into the input, e.g. `definition.blocks.0.root.children.2.values`. */
  path: string;
  /** What is wrong, in words a marketer understands. */
  message: string;
  /** For segment definitions: the id of the node the issue belongs to. */
  nodeId?: string;
}

/** The error half of an {@link ApiResult}. */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
  issues?: ApiIssue[];
}

/** The result envelope every API method returns. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string, issues?: ApiIssue[]): { ok: false; error: ApiError } {
  return { ok: false, error: issues && issues.length > 0 ? { code, message, issues } : { code, message } };
}

/** Throwable form of an ApiError, used inside the backend; dispatch turns it into `{ok:false}`. */
export class ApiFailure extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiIssue[] | undefined;
  constructor(code: ApiErrorCode, message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.issues = issues;
  }
  toError(): ApiError {
    return this.issues && this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}
