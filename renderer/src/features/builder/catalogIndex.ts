/**
 * Catalog look-ups the builders need: entities and interaction types by name (case-insensitive),
 * the relationships one can follow from an entity, labelled by the relationship's label and the entity it
 * leads to (`Company (Account)`; never the lookup field's logical name), and the RQB field list.
 */
import type { Catalog, CatalogField, CatalogRelationship } from '../../../../shared/models/catalog';
import type { RelatedGroupNode } from '../../../../shared/segments/ast';
import { relationshipCaption, scopeLabelOf } from '../../../../shared/segments/catalogIndex';
import { findManyToMany, manyToManyRelationships, resolveManyToMany } from '../../../../shared/segments/manyToMany';
import { qualifyField } from './astRqb';

/** A relationship as seen from one entity: where following it leads. */
export interface RelationshipOption {
  relationship: string;
  direction: RelatedGroupNode['direction'];
  /** The entity on the other side. */
  entity: string;
  label: string;
}

/** An RQB field: our catalog field plus its qualified name and scope. */
export interface BuilderField {
  name: string;
  value: string;
  label: string;
  scope: string;
  field: CatalogField;
}

const lc = (s: string): string => s.toLowerCase();

export class CatalogIndex {
  private readonly scopes = new Map<string, { label: string; fields: CatalogField[] }>();
  private readonly fieldsByQualified = new Map<string, CatalogField>();

  constructor(readonly catalog: Catalog) {
    for (const e of catalog.entities) this.scopes.set(lc(e.name), { label: e.label, fields: e.fields });
    for (const t of catalog.interactionTypes) {
      if (!this.scopes.has(lc(t.name))) this.scopes.set(lc(t.name), { label: t.label, fields: t.fields });
    }
    for (const [scope, { fields }] of this.scopes) for (const f of fields) this.fieldsByQualified.set(lc(qualifyField(scope, f.name)), f);
  }

  /** Display label of an entity or interaction type (falls back to the name). */
  scopeLabel(scope: string): string {
    return this.scopes.get(lc(scope))?.label ?? scope;
  }

  /** Fields of an entity or interaction type ([] when unknown). */
  fieldsOf(scope: string): CatalogField[] {
    return this.scopes.get(lc(scope))?.fields ?? [];
  }

  /** A field by its qualified RQB name, case-insensitively. */
  field(qualified: string): CatalogField | undefined {
    return this.fieldsByQualified.get(lc(qualified));
  }

  /** RQB fields of one scope, with our field attached. */
  builderFields(scope: string): BuilderField[] {
    const canonical =
      this.catalog.entities.find((e) => lc(e.name) === lc(scope))?.name ??
      this.catalog.interactionTypes.find((t) => lc(t.name) === lc(scope))?.name ??
      scope;
    return this.fieldsOf(scope).map((f) => ({
      name: qualifyField(canonical, f.name),
      value: qualifyField(canonical, f.name),
      label: f.label,
      scope: canonical,
      field: f,
    }));
  }

  /**
   * The field a new rule starts on: the entity's primary name field (`Full Name`) unless that is its key,
   * else its first field that is not the key (a record key like "Contact ID" is rarely what one filters by).
   */
  defaultField(scope: string): BuilderField | undefined {
    const fields = this.builderFields(scope);
    const entity = this.catalog.entities.find((e) => lc(e.name) === lc(scope));
    const isKey = (f: BuilderField) => entity !== undefined && lc(f.field.name) === lc(entity.keyField);
    const named = entity ? fields.find((f) => lc(f.field.name) === lc(entity.displayField) && !isKey(f)) : undefined;
    return named ?? fields.find((f) => !isKey(f)) ?? fields[0];
  }

  /** Relationships one can follow from `entity`, both directions, sorted by label. */
  relationshipsFrom(entity: string): RelationshipOption[] {
    const out: RelationshipOption[] = [];
    for (const r of this.catalog.relationships) {
      if (lc(r.referencingEntity) === lc(entity)) out.push(this.option(r, 'toReferenced'));
      // A self-relationship (contact → parent contact) is offered in both directions.
      if (lc(r.referencedEntity) === lc(entity)) out.push(this.option(r, 'toReferencing'));
    }
    // N:N links through an intersect entity: `Contact <-> Account (via Opportunity)`.
    for (const m of manyToManyRelationships(this.catalog.relationships)) {
      const step = resolveManyToMany(this.catalog.relationships, entity, m.name);
      if (step.ok) out.push(this.manyToManyOption(entity, m.name));
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }

  /** How the relationship reads followed in `direction`: `Company (Account)`, or back `Contact (via Company)`. */
  relationshipLabel(relationship: string, direction: RelatedGroupNode['direction']): string {
    if (direction === 'manyToMany') return this.manyToManyOption(undefined, relationship).label;
    const r = this.catalog.relationships.find((x) => lc(x.name) === lc(relationship));
    return r ? this.option(r, direction).label : relationship;
  }

  /** An N:N option followed from `entity` (its first side when unknown), or the bare name when it does not resolve. */
  private manyToManyOption(entity: string | undefined, name: string): RelationshipOption {
    const link = findManyToMany(this.catalog.relationships, name);
    const from = entity ?? link?.first.referencedEntity ?? '';
    const step = resolveManyToMany(this.catalog.relationships, from, name);
    if (!step.ok) return { relationship: name, direction: 'manyToMany', entity: '', label: name };
    const label = (n: string) => scopeLabelOf(this.catalog, n);
    return {
      relationship: step.link.name,
      direction: 'manyToMany',
      entity: step.target,
      label: `${label(from)} <-> ${label(step.target)} (via ${label(step.link.intersect)})`,
    };
  }

  private option(r: CatalogRelationship, direction: RelatedGroupNode['direction']): RelationshipOption {
    const entity = direction === 'toReferenced' ? r.referencedEntity : r.referencingEntity;
    return { relationship: r.name, direction, entity, label: relationshipCaption(this.catalog, r, direction) };
  }
}
