/**
 * Catalog requirements of segment definitions: which entities, fields (with types), relationships and
 * interaction types they use. Export collects them from this database's catalog; import checks them
 * against the importing database and builds a stand-in catalog from them to validate the file on its own.
 */
import type { ApiIssue } from '../../../../shared/api/result.js';
import type { Catalog, CatalogField } from '../../../../shared/models/catalog.js';
import type { ConditionNode, SegmentDefinition } from '../../../../shared/segments/ast.js';
import { expandManyToMany } from '../../../../shared/segments/manyToMany.js';
import {
  findEntity,
  findField,
  findInteractionType,
  findRelationship,
  resolveRelatedStep,
} from '../../../../shared/segments/catalogIndex.js';
import type {
  CatalogRequirements,
  EntityRequirement,
  FieldRequirement,
  InteractionTypeRequirement,
  RelationshipRequirement,
} from '../../../../shared/segments/fileFormat.js';

const key = (s: string): string => s.toLowerCase();
const byName = <T extends { name: string }>(a: T, b: T): number => (key(a.name) < key(b.name) ? -1 : key(a.name) > key(b.name) ? 1 : 0);

function fieldRequirement(f: CatalogField): FieldRequirement {
  return { name: f.name, type: f.type, ...(f.type === 'lookup' && f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}) };
}

/** Collects requirements while walking definitions; names keep the catalog's spelling. */
class Collector {
  private readonly entities = new Map<string, { name: string; keyField: string; fields: Map<string, FieldRequirement> }>();
  private readonly relationships = new Map<string, RelationshipRequirement>();
  private readonly types = new Map<string, { name: string; fields: Map<string, FieldRequirement> }>();

  constructor(private readonly catalog: Catalog) {}

  entity(name: string): Map<string, FieldRequirement> | undefined {
    const e = findEntity(this.catalog, name);
    if (!e) return undefined;
    let entry = this.entities.get(key(e.name));
    if (!entry) {
      entry = { name: e.name, keyField: e.keyField, fields: new Map() };
      this.entities.set(key(e.name), entry);
    }
    return entry.fields;
  }

  condition(node: ConditionNode, entityName: string): void {
    const fields = this.entity(entityName);
    const entity = findEntity(this.catalog, entityName);
    if (!fields || !entity) return;
    if (node.kind === 'rule') {
      const f = findField(entity.fields, node.field);
      if (f) fields.set(key(f.name), fieldRequirement(f));
      return;
    }
    if (node.kind === 'group') {
      for (const ch of node.children) this.condition(ch, entityName);
      return;
    }
    if (node.direction === 'manyToMany') {
      // N:N needs what its nested form needs: the intersect entity and both of its lookups.
      let nested: ConditionNode;
      try {
        nested = expandManyToMany(this.catalog.relationships, entityName, node);
      } catch {
        return;
      }
      this.condition(nested, entityName);
      return;
    }
    const step = resolveRelatedStep(this.catalog, entityName, node.relationship, node.direction);
    if (!step.ok) return;
    const r = step.relationship;
    this.relationships.set(key(r.name), {
      name: r.name,
      referencingEntity: r.referencingEntity,
      referencedEntity: r.referencedEntity,
      lookupField: r.lookupField,
    });
    // The lookup field itself is part of what the relationship needs on the referencing side.
    const referencing = findEntity(this.catalog, r.referencingEntity);
    const lookup = referencing && findField(referencing.fields, r.lookupField);
    if (lookup) this.entity(r.referencingEntity)?.set(key(lookup.name), fieldRequirement(lookup));
    this.entity(step.target);
    for (const ch of node.children) this.condition(ch, step.target);
  }

  interaction(typeName: string, filter: ConditionNode | undefined, aggregateField: string | undefined): void {
    const t = findInteractionType(this.catalog, typeName);
    if (!t) return;
    let entry = this.types.get(key(t.name));
    if (!entry) {
      entry = { name: t.name, fields: new Map() };
      this.types.set(key(t.name), entry);
    }
    const fields = entry.fields;
    const visit = (n: ConditionNode): void => {
      if (n.kind === 'rule') {
        const f = findField(t.fields, n.field);
        if (f) fields.set(key(f.name), fieldRequirement(f));
      } else for (const ch of n.children) visit(ch);
    };
    if (filter) visit(filter);
    const agg = aggregateField === undefined ? undefined : findField(t.fields, aggregateField);
    if (agg) fields.set(key(agg.name), fieldRequirement(agg));
  }

  result(): CatalogRequirements {
    const entities: EntityRequirement[] = [...this.entities.values()]
      .map((e) => ({ name: e.name, keyField: e.keyField, fields: [...e.fields.values()].sort(byName) }))
      .sort(byName);
    const interactionTypes: InteractionTypeRequirement[] = [...this.types.values()]
      .map((t) => ({ name: t.name, fields: [...t.fields.values()].sort(byName) }))
      .sort(byName);
    return { entities, relationships: [...this.relationships.values()].sort(byName), interactionTypes };
  }
}

/**
 * The requirements of `definitions` against `catalog`. `withContactKey` adds the contact entity (its
 * key field names what static member keys are) even when no definition reads a contact field.
 */
export function collectRequirements(
  definitions: readonly SegmentDefinition[],
  catalog: Catalog,
  withContactKey: boolean,
): CatalogRequirements {
  const c = new Collector(catalog);
  if (withContactKey) c.entity('contact');
  for (const def of definitions) {
    if (def.kind !== 'dynamic') continue;
    for (const block of def.blocks) {
      if (block.kind === 'profile') {
        c.entity('contact');
        c.condition(block.root, 'contact');
      } else if (block.kind === 'interaction') c.interaction(block.interactionType, block.filter, block.aggregate?.field);
    }
  }
  return c.result();
}

/** A catalog holding exactly the required parts: the file's definitions must validate against it. */
export function catalogFromRequirements(req: CatalogRequirements): Catalog {
  const field = (f: FieldRequirement): CatalogField => ({
    name: f.name,
    label: f.name,
    type: f.type,
    ...(f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
  });
  return {
    entities: req.entities.map((e) => ({
      name: e.name,
      label: e.name,
      keyField: e.keyField,
      displayField: e.keyField,
      fields: e.fields.map(field),
      recordCount: 0,
    })),
    relationships: req.relationships.map((r) => ({ ...r })),
    interactionTypes: req.interactionTypes.map((t) => ({ name: t.name, label: t.name, fields: t.fields.map(field), count: 0 })),
  };
}

function compareFields(
  required: readonly FieldRequirement[],
  actual: readonly CatalogField[] | undefined,
  owner: string,
  path: string,
  out: ApiIssue[],
): void {
  required.forEach((f, j) => {
    const have = actual && findField(actual, f.name);
    const at = `${path}.fields[${j}]`;
    if (!have) out.push({ path: at, message: `${owner} has no field '${f.name}' (the file needs a ${f.type} field)` });
    else if (have.type !== f.type) out.push({ path: at, message: `${owner}.${have.name} is ${have.type} here but ${f.type} in the file` });
    else if (f.lookupEntity && have.lookupEntity && key(f.lookupEntity) !== key(have.lookupEntity)) {
      out.push({ path: at, message: `${owner}.${have.name} points at ${have.lookupEntity} here but at ${f.lookupEntity} in the file` });
    }
  });
}

/**
 * What this database's catalog lacks or types differently from the file's requirements, each with the
 * requirement's JSON path. `checkKeyField` compares the contact key field (only matters with members).
 */
export function compareRequirements(req: CatalogRequirements, catalog: Catalog, checkKeyField: boolean): ApiIssue[] {
  const out: ApiIssue[] = [];
  req.entities.forEach((e, i) => {
    const path = `$.catalog.entities[${i}]`;
    const have = findEntity(catalog, e.name);
    if (!have) {
      out.push({ path, message: `This database has no entity '${e.name}'` });
      return;
    }
    if (checkKeyField && key(e.name) === 'contact' && key(have.keyField) !== key(e.keyField)) {
      out.push({
        path: `${path}.keyField`,
        message: `Contacts are keyed by '${have.keyField}' here but by '${e.keyField}' in the file; member keys may not match`,
      });
    }
    compareFields(e.fields, have.fields, have.name, path, out);
  });
  req.relationships.forEach((r, i) => {
    const path = `$.catalog.relationships[${i}]`;
    const have = findRelationship(catalog, r.name);
    if (!have)
      out.push({
        path,
        message: `This database has no relationship '${r.name}' (${r.referencingEntity}.${r.lookupField} → ${r.referencedEntity})`,
      });
    else if (key(have.referencingEntity) !== key(r.referencingEntity) || key(have.referencedEntity) !== key(r.referencedEntity)) {
      out.push({
        path,
        message: `Relationship '${r.name}' links ${have.referencingEntity} → ${have.referencedEntity} here but ${r.referencingEntity} → ${r.referencedEntity} in the file`,
      });
    }
  });
  req.interactionTypes.forEach((t, i) => {
    const path = `$.catalog.interactionTypes[${i}]`;
    const have = findInteractionType(catalog, t.name);
    if (!have) out.push({ path, message: `This database has no interaction type '${t.name}'` });
    else compareFields(t.fields, have.fields, have.name, path, out);
  });
  return out;
}
