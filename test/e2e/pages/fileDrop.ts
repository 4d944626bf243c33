import type { Page } from '@playwright/test';

/**
 * Drags a file (made in the page from `text`) over the window and drops it, as the browser does when a
 * file is dropped from the desktop: dragover then drop, both carrying the same DataTransfer.
 */
export async function dropFile(page: Page, name: string, text: string, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type }));
      return dt;
    },
    { name, text, type },
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await dataTransfer.dispose();
}
