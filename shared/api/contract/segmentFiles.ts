/**
 * Segment files (`.segment.json`, docs/segment-file-format.md): export segments with everything they
 * depend on, inspect a file against this database, import it as drafts; and create a draft from
 * segment query text. File problems carry JSON paths (`$.segments[0].definition.blocks[1]`).
 */
import { z } from 'zod';
import { filePath } from '../filePath.js';
import type { ApiIssue } from '../result.js';
import type { SegmentRecord, SegmentStatus, SegmentType } from '../../models/segment.js';
import { MAX_SEGMENT_FILE_BYTES } from '../../segments/fileFormat.js';

const id = z.string().min(1).max(64);
// Text beyond the file limit is refused by the service with a clear size message; this cap only keeps
// absurd inputs from being parsed at the boundary at all.
const fileText = z.string().max(MAX_SEGMENT_FILE_BYTES * 2);

/** How a file segment whose name exists here is imported. */
export const CONFLICT_POLICIES = ['rename', 'replace', 'skip'] as const;
export type ConflictPolicyName = (typeof CONFLICT_POLICIES)[number];

const oneSource = (v: { text?: string | undefined; path?: string | undefined }, ctx: z.RefinementCtx): void => {
  if ((v.text === undefined) === (v.path === undefined))
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'Give either the file text or a path, not both' });
};

export const segmentFilesInputs = {
  /** Export segments (and the segments they reference) as one file: text back, or written to `path`. */
  'segmentFiles.export': z
    .strictObject({
      segmentIds: z.array(id).min(1).max(10_000).optional(),
      all: z.boolean().optional(),
      /** Include static member keys (default true). */
      includeMembers: z.boolean().optional(),
      /** Include the stored segment templates (format version 2; default false). */
      includeTemplates: z.boolean().optional(),
      /** Write the file here (a path on the backend's machine) instead of answering its text. */
      path: filePath('write').optional(),
    })
    .superRefine((v, ctx) => {
      if ((v.segmentIds === undefined) === (v.all !== true))
        ctx.addIssue({ code: 'custom', path: ['segmentIds'], message: 'Give segment ids or all: true (one of them)' });
    }),
  /** Check a file against this database without changing anything. */
  'segmentFiles.inspect': z
    .strictObject({ text: fileText.optional(), path: filePath('read').optional(), onConflict: z.enum(CONFLICT_POLICIES).optional() })
    .superRefine(oneSource),
  /** Import a file as drafts, in one transaction (all or nothing). */
  'segmentFiles.import': z
    .strictObject({
      text: fileText.optional(),
      path: filePath('read').optional(),
      onConflict: z.enum(CONFLICT_POLICIES).optional(),
      /** Import even when the catalog does not fit; the drafts then show the problems in place. */
      allowCatalogMismatch: z.boolean().optional(),
    })
    .superRefine(oneSource),
  /** Create a dynamic (or compound) draft from segment query text. */
  'segments.fromQueryText': z.strictObject({
    name: z.string().trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters'),
    text: z.string().min(1, 'Enter a query').max(100_000),
    /** 'compound' accepts only SEGMENT(…) blocks; default 'dynamic'. */
    type: z.enum(['dynamic', 'compound']).optional(),
    description: z.string().max(4000).optional(),
    timeZone: z.string().min(1).max(64).optional(),
  }),
};

/** A file segment whose name is taken here, and what the policy does with it. */
export interface NameConflict {
  localId: string;
  name: string;
  existingId: string;
  existingType: SegmentType;
  existingStatus: SegmentStatus;
  /** Replace works only on a draft of the same type. */
  canReplace: boolean;
  /** With policy rename: the name the imported segment gets. */
  renamedTo?: string;
}

/** Static member keys in the file that match no contact here (reported, not fatal). */
export interface UnknownMemberKeys {
  localId: string;
  name: string;
  count: number;
  /** The first (at most 1000) unknown keys. */
  keys: string[];
}

/** Result of `segmentFiles.export`. */
export interface SegmentFileExport {
  /** Suggested file name, e.g. `contacts-in-seattle.segment.json`. */
  fileName: string;
  segmentCount: number;
  bytes: number;
  /** Every exported segment (the chosen ones and what they reference), in file order. */
  segments: { id: string; localId: string; name: string }[];
  /** The file text, when no path was given. */
  text?: string;
  /** The absolute path written, when a path was given. */
  path?: string;
}

/** Result of `segmentFiles.inspect`. */
export interface SegmentFileInspection {
  /** No problems: the file can be imported (catalog mismatches still need `allowCatalogMismatch`). */
  importable: boolean;
  segments: { localId: string; name: string; type: SegmentType; references: string[]; memberCount: number | null }[];
  /** Problems of the file itself (each with its JSON path): the file is refused. */
  problems: ApiIssue[];
  /** Where this database's catalog lacks or types differently what the file needs. */
  catalogMismatches: ApiIssue[];
  conflicts: NameConflict[];
  unknownMemberKeys: UnknownMemberKeys[];
  /** The file's templates (format version 2); empty for older files. */
  templates: { name: string; labels: string[] }[];
}

/** One file segment after an import. */
export interface ImportedSegment {
  localId: string;
  id: string;
  name: string;
  action: 'created' | 'replaced' | 'skipped';
  /** The file's name, when the segment was renamed. */
  renamedFrom?: string;
}

/** Result of `segmentFiles.import`. */
export interface SegmentFileImport {
  /** Database ids of created and replaced segments (all drafts), in file order. */
  segmentIds: string[];
  segments: ImportedSegment[];
  /** Mismatches accepted with `allowCatalogMismatch` (the drafts show them in place). */
  catalogMismatches: ApiIssue[];
  unknownMemberKeys: UnknownMemberKeys[];
  /** The file's templates: created (renamed when the name was taken) or skipped (policy skip). */
  templates: { name: string; action: 'created' | 'skipped'; renamedFrom?: string }[];
}

type In<K extends keyof typeof segmentFilesInputs> = z.infer<(typeof segmentFilesInputs)[K]>;

export interface SegmentFilesMethods {
  'segmentFiles.export': { input: In<'segmentFiles.export'>; output: SegmentFileExport };
  'segmentFiles.inspect': { input: In<'segmentFiles.inspect'>; output: SegmentFileInspection };
  'segmentFiles.import': { input: In<'segmentFiles.import'>; output: SegmentFileImport };
  'segments.fromQueryText': { input: In<'segments.fromQueryText'>; output: SegmentRecord };
}
