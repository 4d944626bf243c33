import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';

/** What a handler gets besides its parsed input. */
export interface HandlerContext {
  /** The caller's identity (for transition logs). */
  actor: string;
}

export type Handler<K extends MethodName> = (input: MethodInput<K>, ctx: HandlerContext) => MethodOutput<K> | Promise<MethodOutput<K>>;

/** One handler per contract method; the mapped type makes a missing one a compile error. */
export type Handlers = { [K in MethodName]: Handler<K> };
