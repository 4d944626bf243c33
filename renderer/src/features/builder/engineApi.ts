/**
 * Engine endpoints the builders use (shared/api/contract/engine.ts): the exact estimate with the
 * result size after each block, validation issues keyed by node id, and query text parse / print.
 */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import type { ApiError } from '../../../../shared/api/result';
import { api, apiQueryFn, callApi } from '../../app/api';

/**
 * An estimate, or why there is none. A definition being edited is often incomplete, so an estimate
 * refused for the definition's own problems is an answer (shown in place), not a failure for the
 * snackbar; only transport or internal failures are errors.
 */
export type EstimateOutcome = { ok: true; result: MethodOutput<'segments.estimate'> } | { ok: false; error: ApiError };
const EXPECTED_REFUSALS: ReadonlySet<string> = new Set(['validation_failed', 'invalid_input', 'not_found', 'cancelled']);

export type { TextIssue as ParseError } from '../../../../shared/api/contract/engine';

export const engineApi = api.injectEndpoints({
  endpoints: (build) => ({
    estimateDefinition: build.query<EstimateOutcome, MethodInput<'segments.estimate'>>({
      queryFn: async (input, queryApi) => {
        const r = await callApi('segments.estimate', input, queryApi.extra);
        if (r.data) return { data: { ok: true, result: r.data } };
        return EXPECTED_REFUSALS.has(r.error.code) ? { data: { ok: false, error: r.error } } : { error: r.error };
      },
      keepUnusedDataFor: 30,
      // Re-asked when where a segment runs changes (this computer / the warehouse: features/warehouse).
      providesTags: ['Estimate'],
    }),
    validateDefinition: build.query<MethodOutput<'segments.validate'>, MethodInput<'segments.validate'>>({
      queryFn: apiQueryFn('segments.validate'),
      keepUnusedDataFor: 30,
    }),
    printText: build.mutation<MethodOutput<'segments.printText'>, MethodInput<'segments.printText'>>({
      queryFn: apiQueryFn('segments.printText'),
    }),
    parseText: build.mutation<MethodOutput<'segments.parseText'>, MethodInput<'segments.parseText'>>({
      queryFn: apiQueryFn('segments.parseText'),
    }),
  }),
});

export const { useEstimateDefinitionQuery, useValidateDefinitionQuery, usePrintTextMutation, useParseTextMutation } = engineApi;
