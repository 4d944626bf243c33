import type { SerializedError } from '@reduxjs/toolkit';
import type { ApiError, ApiIssue } from '../../../shared/api/result';

/** True for the ApiError values our queryFns return (as opposed to RTK's SerializedError). */
export function isApiError(error: unknown): error is ApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiError).code === 'string' &&
    typeof (error as ApiError).message === 'string'
  );
}

/** How a form field is named in a sentence ("Enter a name."); paths not listed are not form fields. */
const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  description: 'description',
  owner: 'owner',
  timeZone: 'time zone',
};

const sentence = (s: string): string => {
  const t = s.trim();
  if (t === '') return t;
  const capital = t[0]?.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * One validation issue as a plain sentence without the input path: "Enter a name." for a missing
 * name, the issue's own message otherwise (backend issue messages are written for people; the
 * request-level message of `invalid_input` names the API method and is not).
 */
export function issueSentence(issue: ApiIssue): string {
  const word = FIELD_WORDS[issue.path];
  if (word && /required|at least 1 character|too small/i.test(issue.message)) return `Enter a ${word}.`;
  const max = /at most (\d+) characters/i.exec(issue.message);
  if (word && max) return `A ${word} can be at most ${max[1]} characters long.`;
  return sentence(issue.message);
}

/** Issues that belong to a form field, as `path → sentence` (the first issue per field). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(error)) return out;
  for (const issue of error.issues ?? []) {
    if (FIELD_WORDS[issue.path] !== undefined && out[issue.path] === undefined) out[issue.path] = issueSentence(issue);
  }
  return out;
}

/**
 * A sentence for the user. Backend messages are written for users, except the generic
 * `invalid_input` one ("Invalid input to segments.update: name: …"), which is rebuilt from its issues.
 */
export function errorMessage(error: ApiError | SerializedError | undefined): string {
  if (!error) return 'Something went wrong.';
  if (isApiError(error)) {
    if (error.code === 'invalid_input' && error.issues && error.issues.length > 0) {
      return [...new Set(error.issues.map(issueSentence))].join(' ');
    }
    return error.message;
  }
  return error.message ?? 'Something went wrong.';
}
