/**
 * The portable segment file (`.segment.json`, docs/segment-file-format.md): one or more segments with
 * their full definitions, the catalog they need, optional static member keys and the definition as
 * query text for humans. The zod schema below is the source of truth; resources/segment-file.schema.json
 * is generated from it (a test keeps the two in sync). Pure: no I/O here.
 */
import { z } from 'zod';
import { FIELD_TYPES, type FieldType } from '../models/catalog.js';
import { SEGMENT_TYPES, type SegmentType } from '../models/segment.js';
import type { SegmentDefinition } from './ast.js';
import { definitionShape } from './schema.js';

/** The format version this build writes: 2 added templates (F19). */
export const SEGMENT_FILE_FORMAT_VERSION = 2 as const;
/** The versions this build reads: 1 (segments only) and 2. A file with another version is refused. */
export const READABLE_SEGMENT_FILE_VERSIONS: readonly number[] = [1, 2];

/** Files larger than this (UTF-8 bytes) are refused before parsing. */
export const MAX_SEGMENT_FILE_BYTES = 20 * 1024 * 1024;
/** Arrays/objects nested deeper than this are refused before parsing (protects the parser's stack). */
export const MAX_SEGMENT_FILE_NESTING = 64;
/** Any string (keys included) longer than this is refused. */
export const MAX_SEGMENT_FILE_STRING = 10_000;
/** At most this many segments in one file. */
export const MAX_SEGMENT_FILE_SEGMENTS = 1000;

/** The file name suffix the app proposes and the dialogs filter on. */
export const SEGMENT_FILE_EXTENSION = '.segment.json';

const catalogName = z.string().min(1).max(200);

/** A field a definition uses, with the type it had where the file was written. */
const fieldRequirementSchema = z.strictObject({
  name: catalogName,
  type: z.enum(FIELD_TYPES),
  /** For lookups: the entity the field points at. */
  lookupEntity: catalogName.optional(),
});

const entityRequirementSchema = z.strictObject({
  name: catalogName,
  /** The entity's key field where the file was written (static member keys are values of it). */
  keyField: catalogName,
  fields: z.array(fieldRequirementSchema).max(2000),
});

const relationshipRequirementSchema = z.strictObject({
  name: z.string().min(1).max(300),
  referencingEntity: catalogName,
  referencedEntity: catalogName,
  lookupField: catalogName,
});

const interactionTypeRequirementSchema = z.strictObject({
  name: catalogName,
  fields: z.array(fieldRequirementSchema).max(2000),
});

/** The slice of the catalog the file's definitions use: exactly what an importing database must have. */
export const catalogRequirementsSchema = z.strictObject({
  entities: z.array(entityRequirementSchema).max(500),
  relationships: z.array(relationshipRequirementSchema).max(2000),
  interactionTypes: z.array(interactionTypeRequirementSchema).max(500),
});

/** File-local segment id: what segment blocks in this file's definitions reference. */
const localId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A file-local id uses letters, digits, ".", "_" and "-" and starts with a letter or digit');

const fileSegmentSchema = z.strictObject({
  /** File-local id (not a database id); segment blocks reference other segments of the file by it. */
  id: localId,
  name: z.string().trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters'),
  type: z.enum(SEGMENT_TYPES),
  description: z.string().max(4000),
  /** IANA time zone for relative dates. */
  timeZone: z.string().min(1).max(64),
  /** The full definition; `segmentId` of segment blocks holds file-local ids. */
  // The shape schema: parseFile bounds JSON nesting (MAX_SEGMENT_FILE_NESTING) before zod runs.
  definition: definitionShape,
  /** The same definition in segment query text, for people reading the file. Ignored on import. */
  queryText: z.string().max(MAX_SEGMENT_FILE_STRING).optional(),
  /** Static segments only: contact keys of the members, sorted. */
  members: z.array(z.string().min(1).max(1000)).optional(),
});

/** A segment template (format version 2): a dynamic definition whose rows may be parameters (`parameter: { help }`). */
const fileTemplateSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters'),
  description: z.string().max(4000),
  /** Labels the template gallery filters on. */
  labels: z.array(z.string().trim().min(1, 'A label cannot be empty').max(40, 'A label is at most 40 characters')).max(20),
  /** Only active templates are offered in the gallery. */
  active: z.boolean(),
  definition: definitionShape,
});

/** The whole `.segment.json` document. */
export const segmentFileSchema = z.strictObject({
  formatVersion: z.union([z.literal(1), z.literal(SEGMENT_FILE_FORMAT_VERSION)]),
  /** What wrote the file (informational). */
  generator: z.string().max(200).optional(),
  catalog: catalogRequirementsSchema,
  segments: z.array(fileSegmentSchema).min(1, 'A segment file holds at least one segment').max(MAX_SEGMENT_FILE_SEGMENTS),
  /** Segment templates (format version 2 and later); their definitions' needs are in `catalog` too. */
  templates: z.array(fileTemplateSchema).max(MAX_SEGMENT_FILE_SEGMENTS).optional(),
});

/** A field requirement: name and type (and lookup target) the definitions rely on. */
export interface FieldRequirement {
  name: string;
  type: FieldType;
  lookupEntity?: string;
}

/** An entity requirement: the entity, its key field and the fields the definitions use. */
export interface EntityRequirement {
  name: string;
  keyField: string;
  fields: FieldRequirement[];
}

/** A relationship requirement (as in the catalog). */
export interface RelationshipRequirement {
  name: string;
  referencingEntity: string;
  referencedEntity: string;
  lookupField: string;
}

/** An interaction type requirement with the fields its filters and aggregates use. */
export interface InteractionTypeRequirement {
  name: string;
  fields: FieldRequirement[];
}

/** What a file needs from the importing database's catalog. */
export interface CatalogRequirements {
  entities: EntityRequirement[];
  relationships: RelationshipRequirement[];
  interactionTypes: InteractionTypeRequirement[];
}

/** One segment of a file. */
export interface FileSegment {
  /** File-local id (letters, digits, `.`, `_`, `-`); segment blocks reference it. */
  id: string;
  name: string;
  type: SegmentType;
  description: string;
  timeZone: string;
  definition: SegmentDefinition;
  queryText?: string;
  members?: string[];
}

/** One template of a file (format version 2). */
export interface FileTemplate {
  name: string;
  description: string;
  labels: string[];
  active: boolean;
  /** A dynamic definition; rows with `parameter` ask for their value when a segment is made from it. */
  definition: SegmentDefinition;
}

/** A parsed segment file. */
export interface SegmentFile {
  /** 1: segments only; 2: segments and templates. */
  formatVersion: 1 | typeof SEGMENT_FILE_FORMAT_VERSION;
  generator?: string;
  catalog: CatalogRequirements;
  segments: FileSegment[];
  templates?: FileTemplate[];
}

/** The JSON Schema (draft 2020-12) of the format, generated from the zod schema. */
export function segmentFileJsonSchema(): Record<string, unknown> {
  let text = JSON.stringify(z.toJSONSchema(segmentFileSchema, { target: 'draft-2020-12', io: 'input' }));
  // zod names recursive parts `__schemaN`; give them readable names (the group node and any condition).
  const defs = (JSON.parse(text) as { $defs?: Record<string, { properties?: { kind?: { const?: unknown } } }> }).$defs ?? {};
  for (const [name, def] of Object.entries(defs)) {
    const kind = def.properties?.kind?.const;
    const readable = typeof kind === 'string' ? `${kind}Node` : 'conditionNode';
    text = text.split(`"${name}"`).join(`"${readable}"`).split(`/${name}"`).join(`/${readable}"`);
  }
  const generated = JSON.parse(text) as Record<string, unknown>;
  return {
    ...generated,
    $id: 'https://segment-studio.local/schemas/segment-file-v2.schema.json',
    title: 'Segment Studio segment file',
    description:
      'Portable segment definitions and templates (.segment.json), format version 2 (version 1 files, without templates, are read too). ' +
      'See docs/segment-file-format.md.',
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Stable, diff-friendly JSON: object keys sorted, 2-space indent, a trailing newline. Array order is
 * kept (it carries meaning: block order, segment order). Used for files and the JSON Schema.
 */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
