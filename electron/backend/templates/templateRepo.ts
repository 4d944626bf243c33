/**
 * Stored segment templates (migration 015): rows ↔ SegmentTemplate. Only SQL here; rules (built-ins are
 * read-only, definitions fit the catalog, names are unique) are in templateService.ts.
 */
import type { SegmentTemplate } from '../../../shared/models/template.js';
import type { DynamicDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';

interface TemplateRow {
  id: string;
  name: string;
  description: string;
  labels: string;
  active: number;
  definition: string;
  created_at: number;
  modified_at: number;
}

const COLUMNS = 'id, name, description, labels, active, definition, created_at, modified_at';

function toTemplate(row: TemplateRow): SegmentTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    labels: JSON.parse(row.labels) as string[],
    active: row.active === 1,
    builtIn: false,
    definition: JSON.parse(row.definition) as DynamicDefinition,
    createdAt: new Date(row.created_at).toISOString(),
    modifiedAt: new Date(row.modified_at).toISOString(),
  };
}

/** The fields a stored template is written from. */
export interface TemplateFields {
  name: string;
  description: string;
  labels: string[];
  active: boolean;
  definition: DynamicDefinition;
}

export class TemplateRepo {
  constructor(private readonly db: Db) {}

  all(): SegmentTemplate[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM segment_templates ORDER BY name_lower`).all() as TemplateRow[]).map(toTemplate);
  }

  get(id: string): SegmentTemplate | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM segment_templates WHERE id = ?`).get(id) as TemplateRow | undefined;
    return row ? toTemplate(row) : undefined;
  }

  /** The id of the stored template named `name` (case-insensitive), if any. */
  idByName(name: string): string | undefined {
    const row = this.db.prepare('SELECT id FROM segment_templates WHERE name_lower = ?').get(name.toLowerCase()) as
      { id: string } | undefined;
    return row?.id;
  }

  insert(id: string, f: TemplateFields, at: number): void {
    this.db
      .prepare(
        `INSERT INTO segment_templates (id, name, name_lower, description, labels, active, definition, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        f.name,
        f.name.toLowerCase(),
        f.description,
        JSON.stringify(f.labels),
        f.active ? 1 : 0,
        JSON.stringify(f.definition),
        at,
        at,
      );
  }

  update(id: string, f: TemplateFields, at: number): void {
    this.db
      .prepare(
        `UPDATE segment_templates SET name = ?, name_lower = ?, description = ?, labels = ?, active = ?, definition = ?, modified_at = ?
         WHERE id = ?`,
      )
      .run(f.name, f.name.toLowerCase(), f.description, JSON.stringify(f.labels), f.active ? 1 : 0, JSON.stringify(f.definition), at, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM segment_templates WHERE id = ?').run(id);
  }
}
