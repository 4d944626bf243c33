/**
 * Templates in segment files (format version 2, F19): what an export carries (the stored templates), how an
 * import checks them (each must be a dynamic definition that fits this catalog; a bad entry refuses the whole
 * import with its JSON path, so nothing changes) and writes them (names made free, or skipped, by the policy).
 */
import { randomUUID } from 'node:crypto';
import type { ApiIssue } from '../../../../shared/api/result.js';
import type { Catalog } from '../../../../shared/models/catalog.js';
import type { DynamicDefinition } from '../../../../shared/segments/ast.js';
import type { FileTemplate, SegmentFile } from '../../../../shared/segments/fileFormat.js';
import { BUILT_IN_TEMPLATES } from '../../../../shared/segments/templateLibrary.js';
import { validateDefinition } from '../../../../shared/segments/validate.js';
import type { Db } from '../../db/connection.js';
import { TemplateRepo } from '../../templates/templateRepo.js';
import type { ConflictPolicy } from './planImport.js';

/** What will happen to one file template. */
export type TemplatePlan =
  | { action: 'create'; template: FileTemplate & { definition: DynamicDefinition }; name: string }
  | { action: 'skip'; template: FileTemplate; existingId: string };

/** One file template after an import. */
export interface ImportedTemplate {
  name: string;
  action: 'created' | 'skipped';
  /** The file's name, when the template was renamed. */
  renamedFrom?: string;
}

/** The stored templates as file entries (built-in ones ship with every app and are not written). */
export function exportTemplates(db: Db): FileTemplate[] {
  return new TemplateRepo(db)
    .all()
    .map((t) => ({ name: t.name, description: t.description, labels: t.labels, active: t.active, definition: t.definition }));
}

/** `name (2)`, `name (3)`, … the first one free. */
function free(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, 200 - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** Checks and plans the file's templates; problems carry `$.templates[i]…` paths. */
export function planTemplates(
  db: Db,
  catalog: Catalog,
  file: SegmentFile,
  policy: ConflictPolicy,
): { problems: ApiIssue[]; plans: TemplatePlan[] } {
  const problems: ApiIssue[] = [];
  const plans: TemplatePlan[] = [];
  const repo = new TemplateRepo(db);
  const builtIn = new Set(BUILT_IN_TEMPLATES.map((t) => t.name.toLowerCase()));
  const taken = new Set([...builtIn, ...repo.all().map((t) => t.name.toLowerCase())]);
  const inFile = new Set<string>();
  (file.templates ?? []).forEach((t, i) => {
    const at = `$.templates[${i}]`;
    const def = t.definition;
    if (def.kind !== 'dynamic') {
      problems.push({
        path: `${at}.definition.kind`,
        message: `Template "${t.name}": a template holds a dynamic definition, not ${def.kind}`,
      });
      return;
    }
    for (const issue of validateDefinition(def, catalog, { template: true }))
      problems.push({ path: `${at}.definition${issue.path ? `.${issue.path}` : ''}`, message: `Template "${t.name}": ${issue.message}` });
    const lower = t.name.toLowerCase();
    if (inFile.has(lower)) problems.push({ path: `${at}.name`, message: `Template "${t.name}" appears twice in the file` });
    inFile.add(lower);
    const existingId = repo.idByName(t.name);
    if (!taken.has(lower)) {
      taken.add(lower);
      plans.push({ action: 'create', template: { ...t, definition: def }, name: t.name });
    } else if (policy === 'skip' && existingId !== undefined) plans.push({ action: 'skip', template: t, existingId });
    else {
      // Rename (also for replace: templates are not replaced by a file; a built-in name is always taken).
      const name = free(t.name, taken);
      taken.add(name.toLowerCase());
      plans.push({ action: 'create', template: { ...t, definition: def }, name });
    }
  });
  return { problems, plans: problems.length > 0 ? [] : plans };
}

/** Writes planned templates; runs inside the import transaction. */
export function writeTemplates(db: Db, plans: readonly TemplatePlan[], at: number): ImportedTemplate[] {
  const repo = new TemplateRepo(db);
  return plans.map((p) => {
    if (p.action === 'skip') return { name: p.template.name, action: 'skipped' };
    const t = p.template;
    repo.insert(
      randomUUID(),
      { name: p.name, description: t.description, labels: t.labels, active: t.active, definition: t.definition },
      at,
    );
    return { name: p.name, action: 'created', ...(p.name !== t.name ? { renamedFrom: t.name } : {}) };
  });
}
