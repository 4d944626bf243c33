/**
 * What a member export says about its segment (the Excel file's "About" sheet): the segment's name,
 * its definition in plain words (the natural view, shared/segments/naturalView.ts), its time zone and
 * when the file was written. A CSV file stays one table (a preamble would break the tools reading it).
 */
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import { lookupKeys, naturalText } from '../../../../shared/segments/naturalView.js';
import { describeCatalog } from '../../catalog/describe.js';
import { LookupService } from '../../catalog/lookupRecords.js';
import type { Db } from '../../db/connection.js';
import type { SegmentRow } from '../../segments/segmentService.js';
import type { AboutRows } from './tableFile.js';

/** The natural view of a stored segment (English, the segment's time zone), for files and the API. */
export function segmentNaturalText(db: Db, segment: Pick<SegmentRow, 'definition' | 'time_zone'>): string {
  let definition: SegmentDefinition;
  try {
    definition = JSON.parse(segment.definition) as SegmentDefinition;
  } catch {
    return 'The stored definition could not be read.';
  }
  const names = db.prepare('SELECT name FROM segments WHERE id = ?');
  const segmentName = (id: string): string => (names.get(id) as { name: string } | undefined)?.name ?? id;
  const catalog = describeCatalog(db);
  // Lookup values by their record's name ("Company is Contoso"), fetched once per entity.
  const lookups = new LookupService(db);
  const records = new Map<string, Map<string, string>>();
  for (const [entity, keys] of lookupKeys(definition, catalog)) {
    try {
      records.set(entity, new Map(lookups.lookup({ entity, keys: keys.slice(0, 500) }).map((r) => [r.key, r.label])));
    } catch {
      // An entity gone from the catalog: its keys are shown as they are.
    }
  }
  const lookupName = (entity: string, key: string): string | undefined => records.get(entity)?.get(key);
  return naturalText(definition, { catalog, locale: 'en-US', timeZone: segment.time_zone, segmentName, lookupName });
}

/** The "About" rows of a member export of `segment`, written at `now` (ISO 8601, UTC). */
export function segmentAbout(db: Db, segment: SegmentRow, now: Date, members: number): AboutRows {
  return [
    ['Segment', segment.name],
    ['Definition', segmentNaturalText(db, segment)],
    ...(segment.description.trim() ? ([['Description', segment.description]] as const) : []),
    ['Time zone', segment.time_zone],
    ['Members', String(members)],
    ['Exported at', now.toISOString()],
  ];
}
