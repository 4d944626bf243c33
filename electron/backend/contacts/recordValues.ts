/**
 * Stored values ⇄ API values for entity records (docs/storage.md encodings ⇄ shared/models/contact.ts).
 */
import type { FieldValue, RecordField } from '../../../shared/models/contact.js';
import type { ApiIssue } from '../../../shared/api/result.js';
import { foldText } from '../../../shared/segments/fold.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import type { CatalogRepo, FieldDef } from '../catalog/catalogRepo.js';
import { columnWrites, multiChoiceValue, type ColumnWrite, type StoredScalar } from '../values/storedValue.js';
import { parseBoolean, parseDate, parseDatetime, parseDecimal, parseInteger, splitMulti } from '../values/parse.js';

type Stored = string | number | null | bigint | Buffer;

/** Converts one stored value to its API form; lookups become the referenced record's key. */
export function toFieldValue(f: FieldDef, v: Stored | undefined, lookupKey: (entity: string, rid: number) => string | null): FieldValue {
  if (v === null || v === undefined) return null;
  switch (f.type) {
    case 'integer':
    case 'decimal':
      return Number(v);
    case 'boolean':
      return Number(v) !== 0;
    case 'datetime':
      return new Date(Number(v)).toISOString();
    case 'multichoice': {
      try {
        const parsed: unknown = JSON.parse(String(v));
        return Array.isArray(parsed) ? parsed.map(String) : [String(v)];
      } catch {
        return [String(v)];
      }
    }
    case 'lookup':
      return f.lookupEntity ? lookupKey(f.lookupEntity, Number(v)) : null;
    default:
      return String(v);
  }
}

/** Resolves lookup rids to keys, with prepared statements per entity table. */
export function lookupKeyResolver(db: Db, repo: Pick<CatalogRepo, 'entity'>): (entity: string, rid: number) => string | null {
  const stmts = new Map<string, { get(rid: number): unknown }>();
  return (entity, rid) => {
    let s = stmts.get(entity.toLowerCase());
    if (!s) {
      const def = repo.entity(entity);
      if (!def) return null;
      s = stmt(db, `SELECT key FROM "${def.table}" WHERE rid = ?`).pluck();
      stmts.set(entity.toLowerCase(), s);
    }
    const k = s.get(rid);
    return typeof k === 'string' ? k : null;
  };
}

/** All fields of a stored row, in catalog order. */
export function recordFields(
  fields: FieldDef[],
  row: Record<string, Stored>,
  lookupKey: (entity: string, rid: number) => string | null,
): RecordField[] {
  return fields.map((f) => ({ name: f.name, label: f.label, type: f.type, value: toFieldValue(f, row[f.column], lookupKey) }));
}

type Edit = FieldValue;

/**
 * Checks an edited value against the field's type and returns the columns to write (value and folded
 * shadow, from the one writer in values/storedValue.ts), or an issue saying what is wrong.
 */
export function toColumnWrites(
  db: Db,
  repo: Pick<CatalogRepo, 'entity'>,
  f: FieldDef,
  raw: Edit,
  path: string,
): { ok: true; writes: ColumnWrite[] } | { ok: false; issue: ApiIssue } {
  const fail = (message: string): { ok: false; issue: ApiIssue } => ({ ok: false, issue: { path, message: `${f.name}: ${message}` } });
  const done = (value: StoredScalar): { ok: true; writes: ColumnWrite[] } => ({ ok: true, writes: columnWrites(f, value) });
  if (raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)) return done(null);
  const text = typeof raw === 'string' ? raw.trim() : null;
  switch (f.type) {
    case 'text':
      return text !== null ? done(text) : fail('expected text');
    case 'integer': {
      if (typeof raw === 'number') return Number.isSafeInteger(raw) ? done(raw) : fail('expected a whole number');
      const p = text !== null ? parseInteger(text) : null;
      return p?.ok ? done(p.value) : fail('expected a whole number');
    }
    case 'decimal': {
      if (typeof raw === 'number') return done(raw);
      const p = text !== null ? parseDecimal(text) : null;
      return p?.ok ? done(p.value) : fail("expected a number (use '.' for decimals)");
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return done(raw ? 1 : 0);
      const p =
        text !== null ? parseBoolean(text) : typeof raw === 'number' && (raw === 0 || raw === 1) ? { ok: true as const, value: raw } : null;
      return p?.ok ? done(p.value) : fail('expected true or false');
    }
    case 'date': {
      const p = text !== null ? parseDate(text, null) : null;
      return p?.ok ? done(p.value) : fail('expected a date YYYY-MM-DD');
    }
    case 'datetime': {
      if (typeof raw === 'number') return Number.isSafeInteger(raw) ? done(raw) : fail('expected epoch milliseconds or ISO 8601');
      const p = text !== null ? parseDatetime(text, null) : null;
      return p?.ok ? done(p.value) : fail('expected a date/time in ISO 8601 (e.g. 2025-03-01T14:30:00Z)');
    }
    case 'choice': {
      if (text === null) return fail('expected one of the options');
      const hit = f.options.find((o) => foldText(o.value) === foldText(text));
      return hit ? done(hit.value) : fail(`"${text}" is not an option (options: ${f.options.map((o) => o.value).join(', ')})`);
    }
    case 'multichoice': {
      const items = Array.isArray(raw) ? raw.map((x) => x.trim()).filter((x) => x !== '') : text !== null ? splitMulti(text) : null;
      if (items === null) return fail('expected a list of options');
      const out = new Set<string>();
      for (const it of items) {
        const hit = f.options.find((o) => foldText(o.value) === foldText(it));
        if (!hit) return fail(`"${it}" is not an option (options: ${f.options.map((o) => o.value).join(', ')})`);
        out.add(hit.value);
      }
      return done(multiChoiceValue([...out]));
    }
    case 'lookup': {
      if (text === null) return fail('expected the key of a record');
      const target = f.lookupEntity ? repo.entity(f.lookupEntity) : undefined;
      if (!target) return fail('the lookup target entity does not exist');
      const rid = stmt(db, `SELECT rid FROM "${target.table}" WHERE key = ?`).pluck().get(text);
      return typeof rid === 'number' ? done(rid) : fail(`no ${target.name} has the key "${text}"`);
    }
  }
}
