/**
 * File transfer with the web host (electron/webhost/files.ts) for the browser preview, which has no
 * native dialogs: upload a picked file to get a path the backend can read, and download a members
 * export. In Electron files are picked with the native dialogs (usePlatform().dialogs) instead.
 */

async function failure(res: Response): Promise<Error> {
  try {
    const body = (await res.json()) as { error?: string };
    return new Error(body.error ?? `The host answered ${res.status}.`);
  } catch {
    return new Error(`The host answered ${res.status}.`);
  }
}

/** Uploads a file to the host's temp folder; resolves the handle to pass as the path of imports.*. */
export async function uploadFile(file: File): Promise<string> {
  const res = await fetch(`/files/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
  if (!res.ok) throw await failure(res);
  return ((await res.json()) as { file: string }).file;
}

/** Saves text as a file through the browser's download. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Exports a segment's members on the host and downloads the CSV; resolves the number of data rows. */
export async function downloadMembersCsv(segmentId: string, columns: string[] | undefined, fileName: string): Promise<number> {
  const res = await fetch('/files/members-export', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(columns && columns.length > 0 ? { id: segmentId, columns } : { id: segmentId }),
  });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  downloadBlob(fileName, blob);
  const text = await blob.text();
  return Math.max(0, text.split('\n').filter((l) => l.trim() !== '').length - 1);
}

/** A file name from a segment name (letters, digits, dashes). */
export function csvFileName(name: string): string {
  return `${
    name
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '-') || 'members'
  }.csv`;
}
