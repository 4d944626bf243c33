import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { joinBalanced, SqlBuilder } from './compileSql.js';

/** The deepest parenthesis nesting of a SQL text. */
function parenDepth(sql: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of sql) {
    if (ch === '(') max = Math.max(max, ++depth);
    else if (ch === ')') depth--;
  }
  return max;
}

describe('SQL building blocks within SQLite limits (issue 13)', () => {
  it('joins thousands of operands as a balanced tree that SQLite accepts (a flat chain of 1,000 hits "Expression tree is too large")', () => {
    const db = new Database(':memory:');
    // Compiled statements read real tables (SQLite rebuilds the tree when it propagates constants from a
    // constant subquery, which the compiler never produces).
    db.exec('CREATE TABLE t (rid INTEGER PRIMARY KEY, x INTEGER); INSERT INTO t (x) VALUES (-1), (4999)');
    const parts = Array.from({ length: 5000 }, (_, i) => `x <> ${i}`);
    expect(() => db.prepare(`SELECT rid FROM t WHERE ${parts.join(' AND ')}`).all()).toThrow(/Expression tree is too large/);
    const sql = joinBalanced(parts, 'AND', '1');
    expect(parenDepth(sql)).toBeLessThanOrEqual(10);
    expect(db.prepare(`SELECT rid FROM t WHERE ${sql}`).pluck().all()).toEqual([1]);
    expect(db.prepare(`SELECT rid FROM (SELECT rid FROM t WHERE ${sql}) WHERE rid = 1`).pluck().all()).toEqual([1]);
    expect(joinBalanced(['a', 'b'], 'OR', '0')).toBe('(a OR b)');
    expect(joinBalanced([], 'OR', '0')).toBe('0');
    db.close();
  });

  it('passes long IN lists as one JSON parameter (33,000 values were "too many SQL variables")', () => {
    const db = new Database(':memory:');
    const b = new SqlBuilder();
    const values = Array.from({ length: 33_000 }, (_, i) => `v${i}`);
    const sql = `SELECT count(*) FROM (SELECT 'v32999' AS x UNION ALL SELECT 'nope') WHERE x IN (${b.inList(values)})`;
    expect(b.params).toHaveLength(1);
    expect(db.prepare(sql).pluck().get(b.params)).toBe(1);
    const few = new SqlBuilder();
    expect(few.inList(['a', 'b'])).toBe('?, ?');
    db.close();
  });

  it('refuses with a clear message instead of passing SQLite its parameter limit', () => {
    const b = new SqlBuilder();
    for (let i = 0; i < 32_000; i++) b.bind(i);
    expect(() => b.bind(1)).toThrow(/too many values to evaluate in one query; see docs\/limits.md/);
  });
});
