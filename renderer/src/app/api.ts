/**
 * The RTK Query base api. Features add their endpoints with `api.injectEndpoints` in their own
 * `*Api.ts` (segments: features/segments/segmentsApi.ts). Every endpoint runs a `queryFn` over the
 * ApiClient injected into the store (thunk extra argument), so components never see a transport.
 */
import { createApi, fakeBaseQuery } from '@reduxjs/toolkit/query/react';
import type { ApiClient } from '../../../shared/api/client';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/result';

/** What the store injects into thunks and queryFns. */
export interface StoreExtra {
  client: ApiClient;
}

/** Cache tags. A feature that caches new kinds of data adds its tag type here. */
export const TAG_TYPES = ['Segment', 'Contact', 'Members', 'Import', 'Template', 'Warehouse', 'Estimate'] as const;

export const api = createApi({
  reducerPath: 'api',
  baseQuery: fakeBaseQuery<ApiError>(),
  tagTypes: TAG_TYPES,
  endpoints: () => ({}),
});

type QueryResult<T> = { data: T; error?: undefined } | { error: ApiError; data?: undefined };

/** Calls one API method through the injected client and maps the result envelope to RTK Query's shape. */
export async function callApi<K extends MethodName>(
  method: K,
  input: MethodInput<K>,
  extra: unknown,
): Promise<QueryResult<MethodOutput<K>>> {
  const result = await (extra as StoreExtra).client.call(method, input);
  return result.ok ? { data: result.value } : { error: result.error };
}

/** A `queryFn` for an endpoint whose argument is the method's input as is. */
export function apiQueryFn<K extends MethodName>(method: K) {
  return (input: MethodInput<K>, queryApi: { extra: unknown }) => callApi(method, input, queryApi.extra);
}
