/** File ▸ Export Segments… in the desktop app: every segment and the stored templates into one `.segment.json`, where the save dialog says. */
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useLazyListSegmentsQuery } from '../segments/segmentsApi';
import { useSegmentFileExport } from './useSegmentFileExport';

export function useExportAllSegments(): () => Promise<void> {
  const [list] = useLazyListSegmentsQuery();
  const { exportFile } = useSegmentFileExport();
  const dispatch = useAppDispatch();
  return async () => {
    const r = await list({});
    if (!r.data) {
      dispatch(notify({ message: errorMessage(r.error), severity: 'error' }));
      return;
    }
    if (r.data.length === 0) {
      dispatch(notify({ message: 'There are no segments to export yet.', severity: 'info' }));
      return;
    }
    const outcome = await exportFile(
      r.data.map((s) => s.id),
      'segments',
      true,
    );
    if (outcome) dispatch(notify({ message: outcome.message, severity: outcome.ok ? 'success' : 'error' }));
  };
}
