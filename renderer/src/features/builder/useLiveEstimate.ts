/**
 * Live estimate and validation of a draft definition: debounced (400 ms), and only the answer for
 * the latest definition is shown (RTK Query's `currentData` drops answers to superseded arguments;
 * the backend's evaluator cancels a superseded estimate). Never blocks typing: it is all async.
 */
import { skipToken } from '@reduxjs/toolkit/query';
import { useMemo } from 'react';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { errorMessage } from '../../app/errors';
import type { BlockCounts } from './DefinitionDesigner';
import { useEstimateDefinitionQuery, useValidateDefinitionQuery } from './engineApi';
import { issuesByNode } from './issueMap';
import { useDebounced } from './useDebounced';

export const ESTIMATE_DEBOUNCE_MS = 400;

export interface LiveEstimate {
  total: number | undefined;
  counts: BlockCounts;
  /** A request for the latest definition is running. */
  pending: boolean;
  error: string | null;
  issues: Map<string, string[]>;
  /** Where the number was counted ('warehouse' for a segment that runs on the connected warehouse). */
  source?: 'computer' | 'warehouse' | undefined;
}

export function useLiveEstimate(definition: SegmentDefinition, timeZone: string, segmentId: string, enabled: boolean): LiveEstimate {
  const settled = useDebounced(definition, ESTIMATE_DEBOUNCE_MS);
  const waiting = settled !== definition;
  const active = enabled && settled.kind !== 'static';
  const estimate = useEstimateDefinitionQuery(active ? { definition: settled, timeZone, segmentId } : skipToken);
  const validation = useValidateDefinitionQuery(active ? { definition: settled, segmentId } : skipToken);

  const counts = useMemo<BlockCounts>(() => {
    const out: BlockCounts = {};
    // blockCounts[i] is the result after block i of the definition that was estimated.
    const blocks = settled.kind === 'static' ? [] : settled.blocks;
    const outcome = estimate.currentData;
    (outcome?.ok ? outcome.result.blockCounts : []).forEach((resultSize, i) => {
      const block = blocks[i];
      if (block) out[block.id] = { resultSize };
    });
    return out;
  }, [estimate.currentData, settled]);
  // Validation issues explain a failed estimate better than its error, so the estimate error is
  // shown only when validation found nothing.
  const refusal = estimate.currentData && !estimate.currentData.ok ? estimate.currentData.error : undefined;
  const estimateIssues = refusal?.issues;
  const issues = useMemo(
    () => issuesByNode(settled, [...(validation.currentData?.issues ?? []), ...(estimateIssues ?? [])]),
    [settled, validation.currentData, estimateIssues],
  );

  return {
    total: estimate.currentData?.ok ? estimate.currentData.result.total : undefined,
    counts,
    pending: waiting || estimate.isFetching,
    error: issues.size > 0 ? null : estimate.error ? errorMessage(estimate.error) : refusal ? refusal.message : null,
    issues,
    source: estimate.currentData?.ok ? estimate.currentData.result.source : undefined,
  };
}
