/**
 * Data-change hook: every write path of contact data (import batch commits, contacts.update) reports
 * what it changed AFTER its transaction committed, so live segments can re-check what they read.
 */

/** What changed. `'many'` when listing the rows would cost more than re-checking everything. */
export type DataChange =
  | { kind: 'profile'; entity: string; fields: string[]; rids: number[] | 'many' }
  | { kind: 'interactions'; types: string[]; contactRids: number[] | 'many' };

export type DataChangeListener = (change: DataChange) => void;

/** Above this many rows a change is reported as `'many'`. */
export const MANY_THRESHOLD = 1000;

/** A simple fan-out registry; the Backend owns one and passes `emit` to its writers. */
export class DataChangeHub {
  private readonly listeners = new Set<DataChangeListener>();

  constructor(private readonly log: (err: unknown) => void = () => {}) {}

  /** Subscribe; returns an unsubscribe function. */
  subscribe(listener: DataChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by writers after commit. A failing listener is logged and does not stop the others. */
  emit(change: DataChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.log(err);
      }
    }
  }
}

/** Turns a list of rids into the hook's form (`'many'` above the threshold). */
export function ridsOrMany(rids: Iterable<number>): number[] | 'many' {
  const out: number[] = [];
  for (const r of rids) {
    if (out.length >= MANY_THRESHOLD) return 'many';
    out.push(r);
  }
  return out;
}
