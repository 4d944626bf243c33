import type { DynamicDefinition } from '../segments/ast.js';

/**
 * A segment template (F19): a dynamic definition whose rows may be parameters (ast.ts TemplateParameter),
 * with a name, description and labels for the gallery. Built-in templates ship with the app (id
 * `builtin:<key>`, read-only); stored ones live in the database (migration 015) and travel in segment files.
 */
export interface SegmentTemplate {
  id: string;
  name: string;
  description: string;
  /** Free labels the gallery filters on ("E-mail", "Events"). */
  labels: string[];
  /** Only active templates are offered in the gallery. */
  active: boolean;
  /** Shipped with the app: cannot be changed or deleted (save a copy instead). */
  builtIn: boolean;
  definition: DynamicDefinition;
  /** ISO times; null for built-in templates. */
  createdAt: string | null;
  modifiedAt: string | null;
}

/** One parameter of a template, as the gallery lists it. */
export interface TemplateParameterInfo {
  nodeId: string;
  /** What the row is about, by catalog labels: "City", "Email Opened: time window". */
  label: string;
  help: string;
}

/** A template as the gallery shows it: the record plus what it means in the open database. */
export interface TemplateListItem extends SegmentTemplate {
  /** False when the open database's catalog lacks something the template needs. */
  available: boolean;
  /** Why it is unavailable, naming what is missing; null when available. */
  unavailableReason: string | null;
  /** The definition in readable lines (catalog labels; parameters as "‹help›"), one row per line, indented by depth. */
  lines: { depth: number; text: string }[];
  parameters: TemplateParameterInfo[];
}
