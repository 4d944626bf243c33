/**
 * A draft from segment query text (pasted, or a `.txt` opened in the UI): parsed against this
 * database's catalog, SEGMENT(name|id) resolved to existing segments; every error with line and column.
 */
import type { MethodInput } from '../../../../shared/api/contract.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { Catalog } from '../../../../shared/models/catalog.js';
import type { SegmentRecord } from '../../../../shared/models/segment.js';
import { parseQueryText } from '../../../../shared/segments/queryText.js';
import type { Db } from '../../db/connection.js';
import type { SegmentService } from '../../segments/segmentService.js';

export function draftFromQueryText(
  db: Db,
  catalog: Catalog,
  segments: SegmentService,
  input: MethodInput<'segments.fromQueryText'>,
): SegmentRecord {
  const type = input.type ?? 'dynamic';
  const byName = db.prepare('SELECT id FROM segments WHERE name_lower = ? OR id = ?').pluck();
  const resolve = (nameOrId: string): string | undefined => byName.get(nameOrId.toLowerCase(), nameOrId) as string | undefined;
  // References are checked for existence here; whether they are live matters only when going live.
  const parsed = parseQueryText(input.text, catalog, resolve, { kind: type });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new ApiFailure(
      'validation_failed',
      `The query text has ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}${first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : ''}.`,
      parsed.errors.map((e) => ({ path: `text:${e.line}:${e.column}`, message: `Line ${e.line}, column ${e.column}: ${e.message}` })),
    );
  }
  return segments.create({
    name: input.name,
    type,
    definition: parsed.definition,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
  });
}
