import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { useCreateSegmentMutation, useLazyGetSegmentQuery, useLazyListSegmentsQuery } from '../segments/segmentsApi';
import { copyName } from './recordDraft';

/**
 * Duplicate, as the record page's command bar and the segments list both offer it: a draft copy of the
 * saved segment (type, description, time zone, definition) under a free "<name> (copy)" name.
 * Resolves to the copy, or null after telling the user why it failed.
 */
export function useDuplicateSegment(): { duplicate: (id: string) => Promise<SegmentRecord | null>; isLoading: boolean } {
  const dispatch = useAppDispatch();
  const [create, createState] = useCreateSegmentMutation();
  const [getSegment, getState] = useLazyGetSegmentQuery();
  const [listSegments, listState] = useLazyListSegmentsQuery();
  const duplicate = async (id: string): Promise<SegmentRecord | null> => {
    const [source, all] = await Promise.all([getSegment(id, true), listSegments({}, true)]);
    const problem = source.error ?? all.error;
    if (!source.data || !all.data) {
      dispatch(notify({ message: `Could not duplicate: ${errorMessage(problem)}`, severity: 'error' }));
      return null;
    }
    const record = source.data;
    const r = await create({
      name: copyName(
        record.name,
        all.data.map((s) => s.name),
      ),
      type: record.type,
      description: record.description,
      timeZone: record.timeZone,
      definition: record.definition,
    });
    if (r.data) {
      dispatch(notify({ message: `Created “${r.data.name}” as a draft copy.`, severity: 'success' }));
      return r.data;
    }
    dispatch(notify({ message: `Could not duplicate: ${errorMessage(r.error)}`, severity: 'error' }));
    return null;
  };
  return { duplicate, isLoading: createState.isLoading || getState.isFetching || listState.isFetching };
}
