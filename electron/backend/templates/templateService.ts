/**
 * The templates API (F19): built-in templates (shared/segments/templateLibrary.ts) and stored ones
 * (templateRepo.ts), each described against the open database's catalog; "Save as template" (create),
 * edits, Active/Inactive, delete, and a new draft segment from a template (instantiate).
 */
import { randomUUID } from 'node:crypto';
import type { MethodInput } from '../../../shared/api/contract.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Catalog } from '../../../shared/models/catalog.js';
import type { SegmentRecord } from '../../../shared/models/segment.js';
import type { SegmentTemplate, TemplateListItem } from '../../../shared/models/template.js';
import type { DynamicDefinition, SegmentDefinition } from '../../../shared/segments/ast.js';
import { BUILT_IN_TEMPLATES, builtInTemplate } from '../../../shared/segments/templateLibrary.js';
import { describeTemplate } from '../../../shared/segments/templates.js';
import { validateDefinition } from '../../../shared/segments/validate.js';
import { loadCatalog } from '../catalog/describe.js';
import type { Db } from '../db/connection.js';
import type { EventBus } from '../events.js';
import type { SegmentService } from '../segments/segmentService.js';
import { TemplateRepo, type TemplateFields } from './templateRepo.js';

export interface TemplateServiceDeps {
  db: Db;
  events: EventBus;
  segments: SegmentService;
  now: () => number;
}

/** Labels trimmed, without duplicates (case-insensitive), in the order given. */
function cleanLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.map((l) => l.trim()).filter((l) => l !== '' && !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
}

export class TemplateService {
  private readonly repo: TemplateRepo;

  constructor(private readonly deps: TemplateServiceDeps) {
    this.repo = new TemplateRepo(deps.db);
  }

  private catalog(): Catalog {
    return loadCatalog(this.deps.db);
  }

  list(input: MethodInput<'templates.list'>): TemplateListItem[] {
    const catalog = this.catalog();
    const all = [...BUILT_IN_TEMPLATES, ...this.repo.all()];
    return all.filter((t) => !input.activeOnly || t.active).map((t) => describeTemplate(t, catalog));
  }

  private find(id: string): SegmentTemplate {
    const t = builtInTemplate(id) ?? this.repo.get(id);
    if (!t) throw new ApiFailure('not_found', `There is no template with id '${id}'.`);
    return t;
  }

  get(id: string): TemplateListItem {
    return describeTemplate(this.find(id), this.catalog());
  }

  /** The definition as a template: dynamic, and fitting the catalog (parameters may be unfilled). */
  private checkDefinition(def: SegmentDefinition): DynamicDefinition {
    if (def.kind !== 'dynamic')
      throw new ApiFailure('invalid_input', `A template holds a dynamic segment's definition, not a ${def.kind} one.`, [
        { path: 'definition.kind', message: 'Expected "dynamic"' },
      ]);
    const issues = validateDefinition(def, this.catalog(), { template: true });
    if (issues.length > 0)
      throw new ApiFailure(
        'validation_failed',
        `The template's definition has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`}: ${issues[0]?.message ?? ''}`,
        issues.map((i) => ({ path: `definition.${i.path}`, message: i.message, nodeId: i.nodeId })),
      );
    return def;
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const taken = this.repo.idByName(name);
    const builtIn = BUILT_IN_TEMPLATES.some((t) => t.name.toLowerCase() === name.toLowerCase());
    if ((taken !== undefined && taken !== exceptId) || builtIn)
      throw new ApiFailure('conflict', `A template named "${name}" already exists. Choose another name.`, [
        { path: 'name', message: `A template named "${name}" already exists` },
      ]);
  }

  create(input: MethodInput<'templates.create'>): TemplateListItem {
    const fields: TemplateFields = {
      name: input.name,
      description: input.description ?? '',
      labels: cleanLabels(input.labels ?? []),
      active: input.active ?? true,
      definition: this.checkDefinition(input.definition),
    };
    const id = randomUUID();
    this.deps.db.transaction(() => {
      this.assertNameFree(fields.name);
      this.repo.insert(id, fields, this.deps.now());
    })();
    this.deps.events.emit('template.changed', { id, change: 'created' });
    return this.get(id);
  }

  private stored(id: string, verb: string): SegmentTemplate {
    const t = this.find(id);
    if (t.builtIn)
      throw new ApiFailure(
        'invalid_state',
        `"${t.name}" is a built-in template and cannot be ${verb}. Save a copy as a new template instead.`,
      );
    return t;
  }

  update(input: MethodInput<'templates.update'>): TemplateListItem {
    const t = this.stored(input.id, 'changed');
    const fields: TemplateFields = {
      name: input.name ?? t.name,
      description: input.description ?? t.description,
      labels: input.labels ? cleanLabels(input.labels) : t.labels,
      active: input.active ?? t.active,
      definition: input.definition ? this.checkDefinition(input.definition) : t.definition,
    };
    this.deps.db.transaction(() => {
      this.assertNameFree(fields.name, t.id);
      this.repo.update(t.id, fields, this.deps.now());
    })();
    this.deps.events.emit('template.changed', { id: t.id, change: 'updated' });
    return this.get(t.id);
  }

  delete(id: string): { id: string } {
    const t = this.stored(id, 'deleted');
    this.repo.delete(t.id);
    this.deps.events.emit('template.changed', { id: t.id, change: 'deleted' });
    return { id: t.id };
  }

  /** A new draft segment holding the template's definition; unfilled parameters keep it from going live. */
  instantiate(input: MethodInput<'templates.instantiate'>): SegmentRecord {
    const t = this.get(input.id);
    if (!t.available)
      throw new ApiFailure('invalid_state', `The template "${t.name}" cannot be used here. ${t.unavailableReason ?? ''}`.trim());
    return this.deps.segments.create({
      name: input.name,
      type: 'dynamic',
      description: input.description ?? t.description,
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      definition: t.definition,
    });
  }

  /** Stored templates only (what a segment file carries). */
  storedTemplates(): SegmentTemplate[] {
    return this.repo.all();
  }
}
