import type { SerializedError } from '@reduxjs/toolkit';
import type { ApiError } from '../../../shared/api/result';

/** True for the ApiError values our queryFns return (as opposed to RTK's SerializedError). */
export function isApiError(error: unknown): error is ApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiError).code === 'string' &&
    typeof (error as ApiError).message === 'string'
  );
}

/** A sentence for the user. Backend messages are written for users; codes without one get a default. */
export function errorMessage(error: ApiError | SerializedError | undefined): string {
  if (!error) return 'Something went wrong.';
  if (isApiError(error)) return error.message;
  return error.message ?? 'Something went wrong.';
}
