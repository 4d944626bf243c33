/**
 * Where files go: the desktop app (preload bridge present) lets the backend write to a path on this
 * computer; the browser preview cannot, so it hands the text to the browser as a download.
 */

/** True in the Electron app, where the backend can read and write files by path. */
export function canUseFilePaths(): boolean {
  return typeof window !== 'undefined' && window.bridge !== undefined;
}

/** Offers `text` as a file download named `fileName` (browser preview). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
