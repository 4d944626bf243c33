/**
 * The natural view (spec F5): the definition as one readable sentence per block, beside the tree.
 * Pure words from shared/segments/naturalView.ts, recomputed on every edit (it is cheap: a walk of
 * the tree), in the reader's locale and the segment's time zone.
 */
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { Catalog } from '../../../../shared/models/catalog';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { lookupKeys, naturalView } from '../../../../shared/segments/naturalView';
import { userLocale } from './localeNumber';
import { useLookupRecordsQuery } from './lookupApi';

/** Names of one entity's records the definition names (catalog.lookupRecords by keys); renders nothing. */
function LookupNames({
  entity,
  keys,
  onNames,
}: {
  entity: string;
  keys: string[];
  onNames: (entity: string, names: Map<string, string>) => void;
}) {
  const { data } = useLookupRecordsQuery({ entity, keys: keys.slice(0, 500) });
  useEffect(() => {
    if (data) onNames(entity, new Map(data.map((r) => [r.key, r.label])));
  }, [data, entity, onNames]);
  return null;
}

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
  // Lookup values read by their record's name ("Company is Contoso"), the key until the name arrives.
  const wanted = useMemo(() => [...lookupKeys(definition, catalog)], [definition, catalog]);
  const [names, setNames] = useState<ReadonlyMap<string, ReadonlyMap<string, string>>>(new Map());
  const onNames = useCallback((entity: string, found: Map<string, string>) => setNames((prev) => new Map(prev).set(entity, found)), []);
  const sentences = useMemo(
    () =>
      naturalView(definition, {
        catalog,
        locale: userLocale(),
        timeZone,
        segmentName,
        lookupName: (entity, key) => names.get(entity)?.get(key),
      }),
    [definition, catalog, timeZone, segmentName, names],
  );
  return (
    <Paper
      variant="outlined"
      role="region"
      aria-labelledby={headingId}
      data-testid="natural-view"
      sx={{ p: 1.5, ...(fill ? { height: '100%', overflowY: 'auto' } : {}) }}
    >
      {wanted.map(([entity, keys]) => (
        <LookupNames key={entity} entity={entity} keys={keys} onNames={onNames} />
      ))}
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
