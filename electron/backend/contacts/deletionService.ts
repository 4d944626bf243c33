/**
 * Deleting data the marketer no longer wants: records of an entity (recordDelete.ts) and unused catalog
 * fields and entities (catalog/catalogDrop.ts). Each runs in one transaction and, once committed,
 * reports its changes so live segments follow; the promise resolves when they have.
 */
import type { DeleteImpact } from '../../../shared/api/contract/contacts.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { dropEntity, dropEntityField } from '../catalog/catalogDrop.js';
import type { DataChange } from '../dataChange.js';
import { deleteRecordRows, linkProblem, resolveRecords, segmentsHolding, type StaticCascade } from './recordDelete.js';

export interface DeletionDeps {
  db: Db;
  now: () => number;
  onDataChanged: (change: DataChange) => void;
  /** Resolves once every committed change has reached live segments. */
  settled?: () => Promise<void>;
  /** True while an import runs: deletions wait for it (its batches could write the same records). */
  importing?: () => boolean;
  /** Segments using a live static segment that lost members follow it (the backend passes the live refresher's cascade). */
  cascade?: (segmentId: string, rids: number[] | null) => Promise<void>;
}

type Selection = { entity: string; keys?: string[] | undefined; rids?: number[] | undefined };

export class DeletionService {
  constructor(private readonly deps: DeletionDeps) {}

  private async report(changes: readonly DataChange[], cascades: readonly StaticCascade[] = []): Promise<void> {
    for (const c of changes) this.deps.onDataChanged(c);
    try {
      for (const c of cascades) await this.deps.cascade?.(c.segmentId, c.rids);
      await this.deps.settled?.();
    } catch {
      // A failed refresh is the live side's to report; the deletion is committed either way.
    }
  }

  private notWhileImporting(): void {
    if (this.deps.importing?.()) throw new ApiFailure('invalid_state', 'An import is running; wait for it to finish, then delete.');
  }

  /** What deleting the selection would do; writes nothing. */
  deleteImpact(input: Selection): DeleteImpact {
    const { db } = this.deps;
    const repo = new CatalogRepo(db);
    const { def, rids } = resolveRecords(db, repo, input);
    const contacts = def.name.toLowerCase() === 'contact';
    return {
      entity: def.name,
      count: rids.length,
      segments: contacts ? segmentsHolding(db, rids) : [],
      problem: linkProblem(db, repo, def, rids),
    };
  }

  /** Deletes the selection in one transaction; refused (nothing deleted) when another record links to one of them. */
  async deleteRecords(input: Selection): Promise<DeleteImpact> {
    this.notWhileImporting();
    const { db } = this.deps;
    const cascades: StaticCascade[] = [];
    const { impact, changes } = db
      .transaction(() => {
        const before = this.deleteImpact(input);
        if (before.problem)
          throw new ApiFailure('invalid_state', `Nothing was deleted: ${before.problem}`, [{ path: 'keys', message: before.problem }]);
        const repo = new CatalogRepo(db);
        const { def, rids } = resolveRecords(db, repo, input);
        return { impact: before, changes: deleteRecordRows(db, def, rids, this.deps.now(), cascades) };
      })
      .immediate();
    await this.report(changes, cascades);
    return impact;
  }

  /** Deletes an entity field; refused, naming the segments, while one uses it. */
  async dropField(input: { entity: string; field: string }): Promise<{ entity: string; field: string }> {
    this.notWhileImporting();
    const { db } = this.deps;
    const repo = new CatalogRepo(db);
    const out = db
      .transaction(() => {
        const def = repo.entity(input.entity);
        const name = def?.fields.find((f) => f.name.toLowerCase() === input.field.toLowerCase())?.name ?? input.field;
        const change = dropEntityField(db, repo, input.entity, input.field);
        return { change, entity: def?.name ?? input.entity, field: name };
      })
      .immediate();
    await this.report([out.change]);
    return { entity: out.entity, field: out.field };
  }

  /** Deletes an entity with its records; refused while a segment uses it or a lookup points at it. */
  dropEntity(input: { entity: string }): { entity: string } {
    this.notWhileImporting();
    const { db } = this.deps;
    const repo = new CatalogRepo(db);
    const name = repo.entity(input.entity)?.name ?? input.entity;
    db.transaction(() => dropEntity(db, repo, input.entity)).immediate();
    return { entity: name };
  }
}
