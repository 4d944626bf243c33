/**
 * Splits and holdouts: a split of a live parent segment is a set of live compound segments, one per
 * group, each with one segment block `{ segmentId: parent, split: { seed, percents, group, label } }`.
 * Everything about a split lives in those definitions (no table of its own), so a split travels in
 * segment files with its groups and follows the parent like any live segment: a parent member change
 * re-evaluates the groups through the dependency graph.
 */
import { ApiFailure, type ApiIssue } from '../../../shared/api/result.js';
import type { SplitGroupSummary, SplitSummary } from '../../../shared/api/contract/splits.js';
import type { CompoundDefinition, SegmentDefinition, SegmentRefBlock } from '../../../shared/segments/ast.js';
import { defaultGroupNames, groupSegmentName, splitGroupOf, validateSplit, type SplitSpec } from '../../../shared/segments/split.js';
import type { Db } from '../db/connection.js';
import type { ExportJobs } from '../io/export/jobs.js';
import type { TableFormat } from '../io/export/tableFile.js';
import type { LiveService } from '../live/liveService.js';
import type { SegmentService } from '../segments/segmentService.js';

export interface SplitServiceDeps {
  db: Db;
  segments: SegmentService;
  live: LiveService;
}

export interface SplitCreateInput {
  parentId: string;
  seed: string;
  percents: number[];
  labels?: string[] | undefined;
  names?: string[] | undefined;
}

/** The split block of a group segment's definition, or undefined for any other segment. */
export function splitBlockOf(def: SegmentDefinition): (SegmentRefBlock & { split: SplitSpec }) | undefined {
  if (def.kind !== 'compound' || def.blocks.length !== 1) return undefined;
  const b = def.blocks[0]!;
  return b.split ? (b as SegmentRefBlock & { split: SplitSpec }) : undefined;
}

const splitKey = (seed: string, percents: readonly number[]): string => `${seed}\u0000${percents.join(',')}`;

export class SplitService {
  constructor(private readonly deps: SplitServiceDeps) {}

  /**
   * Checks every field first (nothing is created on a problem), then creates every group in one
   * transaction and takes each live. A split is whole or absent: if a group cannot go live (say the
   * parent was stopped meanwhile), the groups made so far are stopped and deleted and the reason is
   * given.
   */
  async create(input: SplitCreateInput): Promise<SplitSummary> {
    const { segments, live } = this.deps;
    const parent = segments.row(input.parentId);
    const n = input.percents.length;
    const labels = (input.labels ?? defaultGroupNames(n)).map((l) => l.trim());
    const issues: ApiIssue[] = validateSplit({ seed: input.seed, percents: input.percents, names: labels }).map((i) => ({
      path: i.field === 'names' ? 'labels' : i.field,
      message: i.message.replace(/^Names:/, 'Group names:'),
    }));
    if (labels.length !== n) issues.push({ path: 'labels', message: `Group names: ${n} groups need ${n} names, found ${labels.length}` });
    if (parent.status !== 'live') {
      issues.push({ path: 'parentId', message: `Segment: "${parent.name}" is not live; only a live segment can be split` });
    }
    const names = (input.names ?? labels.map((l, i) => groupSegmentName(parent.name, l, input.percents[i] ?? 0))).map((s) => s.trim());
    if (names.length !== n) issues.push({ path: 'names', message: `Segment names: ${n} groups need ${n} names, found ${names.length}` });
    names.forEach((name, i) => {
      if (name === '') issues.push({ path: `names.${i}`, message: `Segment names: group ${i + 1} has no name` });
      else if (this.nameTaken(name))
        issues.push({ path: `names.${i}`, message: `Segment names: a segment named "${name}" already exists` });
      else if (names.findIndex((x) => x.toLowerCase() === name.toLowerCase()) !== i) {
        issues.push({ path: `names.${i}`, message: `Segment names: "${name}" is used twice` });
      }
    });
    if (this.list(input.parentId).some((s) => splitKey(s.seed, s.percents) === splitKey(input.seed, input.percents))) {
      issues.push({ path: 'seed', message: `Seed: "${parent.name}" already has this split (same seed and percentages)` });
    }
    if (issues.length > 0) throw new ApiFailure('invalid_input', issues.map((i) => i.message).join('; '), issues);

    const { db } = this.deps;
    const created: string[] = [];
    const createAll = db.transaction(() => {
      for (let group = 0; group < n; group++) {
        const definition: CompoundDefinition = {
          kind: 'compound',
          version: 1,
          blocks: [
            {
              kind: 'segment',
              id: 'b1',
              combine: 'union',
              segmentId: parent.id,
              split: { seed: input.seed, percents: [...input.percents], group, label: labels[group]! },
            },
          ],
        };
        const seg = segments.create({
          name: names[group]!,
          type: 'compound',
          description: `Group ${group + 1} of ${n} of a split of "${parent.name}" (seed ${input.seed})`,
          timeZone: parent.time_zone,
          definition,
        });
        created.push(seg.id);
      }
    });
    createAll.immediate();
    try {
      for (const id of created) await live.goLive(id);
    } catch (e) {
      await this.undoCreated(created);
      const why = e instanceof Error ? e.message : String(e);
      throw new ApiFailure(e instanceof ApiFailure ? e.code : 'internal', `The split was not created: a group could not go live. ${why}`);
    }
    const made = this.list(input.parentId).find((s) => splitKey(s.seed, s.percents) === splitKey(input.seed, input.percents));
    if (!made) throw new ApiFailure('internal', 'The split was created but could not be read back.');
    return made;
  }

  /** Stops and deletes the groups of a split that could not be finished (best effort, each on its own). */
  private async undoCreated(ids: readonly string[]): Promise<void> {
    const { segments, live } = this.deps;
    for (const id of ids) {
      try {
        if (segments.row(id).status === 'live') live.stop(id, true);
        await segments.delete({ id, force: true });
      } catch {
        // Left for the marketer to delete: it shows in the list under its group name.
      }
    }
  }

  /** The parent's splits: its group segments grouped by (seed, percentages), groups in order. */
  list(parentId: string): SplitSummary[] {
    const { db, segments } = this.deps;
    const parent = segments.row(parentId);
    // Cheap pre-filter on the stored JSON; the parsed definition decides.
    const rows = db
      .prepare(
        `SELECT id, name, status, member_count, definition FROM segments WHERE type = 'compound' AND definition LIKE ? ORDER BY name`,
      )
      .all(`%${parentId}%`) as { id: string; name: string; status: string; member_count: number | null; definition: string }[];
    const splits = new Map<string, SplitSummary>();
    for (const r of rows) {
      const block = splitBlockOf(JSON.parse(r.definition) as SegmentDefinition);
      if (!block || block.segmentId !== parentId) continue;
      const { seed, percents, group, label } = block.split;
      const key = splitKey(seed, percents);
      let s = splits.get(key);
      if (!s) {
        s = { parentId, parentName: parent.name, parentCount: parent.member_count, seed, percents, groups: [] };
        splits.set(key, s);
      }
      const g: SplitGroupSummary = {
        index: group,
        label: label ?? defaultGroupNames(percents.length)[group]!,
        percent: percents[group]!,
        segmentId: r.id,
        segmentName: r.name,
        status: r.status,
        memberCount: r.member_count,
      };
      s.groups.push(g);
    }
    for (const s of splits.values()) s.groups.sort((a, b) => a.index - b.index);
    return [...splits.values()];
  }

  /** The parent's members with a Group column holding each contact's group label. */
  async exportMembers(
    input: {
      parentId: string;
      seed: string;
      percents: number[];
      path: string;
      columns?: string[] | undefined;
      format?: TableFormat | undefined;
    },
    jobs: ExportJobs,
  ): Promise<{ path: string; rows: number }> {
    const split = this.list(input.parentId).find((s) => splitKey(s.seed, s.percents) === splitKey(input.seed, input.percents));
    if (!split) {
      throw new ApiFailure(
        'not_found',
        `"${this.deps.segments.row(input.parentId).name}" has no split with seed ${input.seed} and ${input.percents.join('/')}.`,
        [{ path: 'seed', message: 'Seed: no split of this segment has this seed and these percentages' }],
      );
    }
    const labels = defaultGroupNames(split.percents.length);
    for (const g of split.groups) labels[g.index] = g.label;
    return this.deps.live.reader.exportMembers(
      { id: input.parentId, path: input.path, columns: input.columns, format: input.format },
      jobs,
      { header: 'Group', value: (key) => labels[splitGroupOf(split.seed, split.percents, key)]! },
    );
  }

  private nameTaken(name: string): boolean {
    return this.deps.db.prepare('SELECT 1 FROM segments WHERE name_lower = ?').get(name.toLowerCase()) !== undefined;
  }
}
