/**
 * The natural view (spec F5): the definition as one readable sentence per block, beside the tree.
 * Pure words from shared/segments/naturalView.ts, recomputed on every edit (it is cheap: a walk of
 * the tree), in the reader's locale and the segment's time zone.
 */
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useId, useMemo } from 'react';
import type { Catalog } from '../../../../shared/models/catalog';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { naturalView } from '../../../../shared/segments/naturalView';
import { userLocale } from './localeNumber';

export interface NaturalViewPanelProps {
  definition: SegmentDefinition;
  catalog: Catalog;
  timeZone: string;
  segmentName: (id: string) => string;
  /** Fills the height it is given (the full-screen designer's side column). */
  fill?: boolean;
}

export function NaturalViewPanel({ definition, catalog, timeZone, segmentName, fill = false }: NaturalViewPanelProps) {
  const headingId = useId();
  const sentences = useMemo(
    () => naturalView(definition, { catalog, locale: userLocale(), timeZone, segmentName }),
    [definition, catalog, timeZone, segmentName],
  );
  return (
    <Paper
      variant="outlined"
      role="region"
      aria-labelledby={headingId}
      data-testid="natural-view"
      sx={{ p: 1.5, ...(fill ? { height: '100%', overflowY: 'auto' } : {}) }}
    >
      <Typography id={headingId} variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        In plain words
      </Typography>
      <Typography
        component="ol"
        variant="body2"
        sx={{ m: 0, pl: sentences.length > 1 ? 2.5 : 0, listStyle: sentences.length > 1 ? undefined : 'none' }}
      >
        {sentences.map((s, i) => (
          <li key={s.blockId || i} data-block-id={s.blockId || undefined}>
            {s.text}
          </li>
        ))}
      </Typography>
    </Paper>
  );
}
