/**
 * Exports in the browser preview, which names no paths: the web host runs the export into its own
 * temp file and answers it as a download (electron/webhost/files.ts). Rows come from `X-Export-Rows`.
 */
import type { MethodInput } from '../../../../shared/api/contract';
import { downloadBlob } from '../imports/hostFiles';

/** Export formats offered in the UI (the same columns and values). */
export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }[]> = {
  csv: [{ name: 'CSV files', extensions: ['csv'] }],
  xlsx: [{ name: 'Excel workbooks', extensions: ['xlsx'] }],
};

/** A file name from a name (letters, digits, dashes) with the format's extension. */
export function exportFileName(name: string, format: ExportFormat, fallback = 'export'): string {
  const base =
    name
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '-') || fallback;
  return `${base}.${format}`;
}

async function failure(res: Response): Promise<Error> {
  try {
    const body = (await res.json()) as { error?: string };
    return new Error(body.error ?? `The host answered ${res.status}.`);
  } catch {
    return new Error(`The host answered ${res.status}.`);
  }
}

type MembersInput = Omit<MethodInput<'segments.exportMembers'>, 'path'>;
type ContactsInput = Omit<MethodInput<'contacts.export'>, 'path'>;
type SplitInput = Omit<MethodInput<'splits.exportMembers'>, 'path'>;

/** Runs an export on the host and saves the answer as `fileName`; resolves the number of data rows. */
export async function downloadExport(
  route: '/files/members-export' | '/files/contacts-export' | '/files/split-export',
  input: MembersInput | ContactsInput | SplitInput,
  fileName: string,
): Promise<number> {
  const res = await fetch(route, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  if (!res.ok) throw await failure(res);
  downloadBlob(fileName, await res.blob());
  return Number(res.headers.get('X-Export-Rows') ?? 0);
}

/** A fresh id to cancel an export by. */
export const newExportId = (): string => crypto.randomUUID();
