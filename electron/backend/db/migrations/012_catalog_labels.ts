import { labelFor, uniqueLabel } from '../../catalog/labels.js';
import type { Migration } from './index.js';

/**
 * How labels were derived before this version (frozen here: a label still equal to it was never edited
 * by a person). `address1_city` → `Address1 City`, `accountid` → `Accountid`.
 */
export function legacyLabelFor(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

interface Labelled {
  /** The group labels are unique in (an entity, an interaction type, all entities, all types). */
  group: string;
  name: string;
  label: string;
  update: (label: string) => void;
}

/** Relabels every item whose label is still the old automatic one; an item keeps it when the new one is taken in its group. */
function relabel(items: readonly Labelled[]): void {
  const taken = new Map<string, Set<string>>();
  for (const i of items) {
    const set = taken.get(i.group) ?? new Set<string>();
    set.add(i.label.toLowerCase());
    taken.set(i.group, set);
  }
  for (const i of items) {
    if (i.label !== legacyLabelFor(i.name)) continue;
    const next = labelFor(i.name);
    if (next === i.label) continue;
    const set = taken.get(i.group) as Set<string>;
    set.delete(i.label.toLowerCase());
    const label = uniqueLabel(next, set);
    set.add(label.toLowerCase());
    i.update(label);
  }
}

/**
 * Display names (issue 21): relationships get an editable label (NULL: named by their lookup field's
 * label), and labels still equal to the old automatic derivation are derived again with the CRM-aware
 * rule (`emailaddress1` → "Email", `accountid` → "Account ID"). A label a person set is never touched.
 */
export const migration012CatalogLabels: Migration = {
  version: 12,
  name: 'catalog labels',
  up(db) {
    db.exec('ALTER TABLE catalog_relationships ADD COLUMN label TEXT');
    const entities = db.prepare('SELECT name, label FROM catalog_entities ORDER BY rowid').all() as { name: string; label: string }[];
    const setEntity = db.prepare('UPDATE catalog_entities SET label = ? WHERE name = ?');
    relabel(entities.map((e) => ({ group: '', ...e, update: (l) => setEntity.run(l, e.name) })));
    const fields = db.prepare('SELECT entity, name, label FROM catalog_fields ORDER BY ordinal').all() as {
      entity: string;
      name: string;
      label: string;
    }[];
    const setField = db.prepare('UPDATE catalog_fields SET label = ? WHERE entity = ? AND name = ?');
    relabel(fields.map((f) => ({ group: f.entity.toLowerCase(), ...f, update: (l) => setField.run(l, f.entity, f.name) })));
    const types = db.prepare('SELECT id, name, label FROM interaction_types ORDER BY id').all() as {
      id: number;
      name: string;
      label: string;
    }[];
    const setType = db.prepare('UPDATE interaction_types SET label = ? WHERE id = ?');
    relabel(types.map((t) => ({ group: '', name: t.name, label: t.label, update: (l) => setType.run(l, t.id) })));
    const typeFields = db.prepare('SELECT type_id, name, label FROM interaction_fields ORDER BY ordinal').all() as {
      type_id: number;
      name: string;
      label: string;
    }[];
    const setTypeField = db.prepare('UPDATE interaction_fields SET label = ? WHERE type_id = ? AND name = ?');
    relabel(
      typeFields.map((f) => ({
        group: String(f.type_id),
        name: f.name,
        label: f.label,
        update: (l) => setTypeField.run(l, f.type_id, f.name),
      })),
    );
  },
};
