/**
 * File paths as a type of the API contract. Every input field that names a file on the backend's
 * machine is a {@link filePath} schema, which records whether the method reads or writes that file.
 * Hosts do not keep lists of path-taking methods: they walk the schemas ({@link filePathFields}) and
 * apply their policy to every marked field, so a new method with a `filePath` field is guarded the
 * day it is added (docs/security.md).
 */
import { z } from 'zod';

/** What a method does with the file a path field names. */
export type FileUse = 'read' | 'write';

/** The mark a {@link filePath} schema carries. */
export interface FilePathMark {
  use: FileUse;
}

/** Registry of path schemas. `get` follows clones, so `filePath('read').max(10)` stays marked. */
export const filePathRegistry = z.registry<FilePathMark>();

/**
 * A file path on the backend's machine: a non-empty string of at most 4096 characters without NUL
 * (which the file system APIs would refuse with an internal error), marked with its use.
 */
export function filePath(use: FileUse): z.ZodString {
  const schema = z
    .string()
    .min(1, 'File path is required')
    .max(4096, 'A file path has at most 4096 characters')
    .refine((s) => !s.includes('\0'), 'A file path cannot contain a NUL character');
  filePathRegistry.add(schema, { use });
  return schema;
}

/** The use a schema is marked with, or undefined for a schema that is not a file path. */
export function filePathUse(schema: z.ZodType): FileUse | undefined {
  return filePathRegistry.get(schema)?.use;
}

/** One marked field of an input schema: its key path (`'*'` = every array item / record value) and use. */
export interface FilePathField {
  at: readonly string[];
  use: FileUse;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Every file-path field reachable in `schema`: through objects, optional/nullable/default wrappers,
 * unions (each option), intersections, pipes, arrays, records, tuples and lazy schemas. Duplicates
 * (the same key path and use in two union options) are listed once.
 */
export function filePathFields(schema: z.ZodType): FilePathField[] {
  const found = new Map<string, FilePathField>();
  const visit = (s: z.ZodType, at: readonly string[], onPath: Set<z.ZodType>): void => {
    const use = filePathUse(s);
    if (use !== undefined) {
      found.set(`${at.join('\u0000')}\u0001${use}`, { at, use });
      return;
    }
    // Recursive (lazy) schemas: stop when the same schema comes round again on this branch.
    if (onPath.has(s)) return;
    const next = new Set(onPath).add(s);
    const d = defOf(s);
    const children: [z.ZodType, readonly string[]][] = [];
    if (d.shape) for (const [k, v] of Object.entries(d.shape)) children.push([v, [...at, k]]);
    if (d.catchall) children.push([d.catchall, [...at, '*']]);
    for (const c of [d.element, d.valueType, d.rest ?? undefined, ...(d.items ?? [])]) if (c) children.push([c, [...at, '*']]);
    for (const c of [...(d.options ?? []), d.left, d.right, d.in, d.out, d.innerType]) if (c) children.push([c, at]);
    if (d.type === 'lazy' && d.getter) children.push([d.getter(), at]);
    for (const [child, childAt] of children) visit(child, childAt, next);
  };
  visit(schema, [], new Set());
  return [...found.values()];
}

/** One file path found in an input value. */
export interface FilePathValue {
  /** Dotted location in the input, e.g. `path` or `files.2`. */
  at: string;
  use: FileUse;
  /** The value as the caller sent it (not necessarily a string). */
  value: unknown;
}

/** The values present (not undefined) at `fields` in `input`. */
export function filePathValues(input: unknown, fields: readonly FilePathField[]): FilePathValue[] {
  const out: FilePathValue[] = [];
  const walk = (value: unknown, rest: readonly string[], done: string[], use: FileUse): void => {
    if (value === undefined) return;
    if (rest.length === 0) {
      out.push({ at: done.join('.'), use, value });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const [head, ...tail] = rest as [string, ...string[]];
    if (head === '*') {
      for (const [k, v] of Object.entries(value)) walk(v, tail, [...done, k], use);
    } else if (Object.hasOwn(value, head)) {
      walk((value as Record<string, unknown>)[head], tail, [...done, head], use);
    }
  };
  for (const f of fields) walk(input, f.at, [], f.use);
  return out;
}

/**
 * A copy of `input` with the value at dotted location `at` replaced (the parts on the way copied,
 * the caller's object untouched). Hosts use it to swap a handle for the file it stands for.
 */
export function replaceAt(input: unknown, at: string, replacement: string): unknown {
  const keys = at.split('.');
  const go = (value: unknown, i: number): unknown => {
    if (i === keys.length) return replacement;
    const k = keys[i] as string;
    if (Array.isArray(value)) return value.map((v, j) => (String(j) === k ? go(v, i + 1) : v));
    const obj = value as Record<string, unknown>;
    return { ...obj, [k]: go(obj[k], i + 1) };
  };
  return go(input, 0);
}
