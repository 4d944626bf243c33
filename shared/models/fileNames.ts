/** File names as the marketer knows them: the name picked, not where the app keeps the file (renderer and backend messages). */

const UPLOAD_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i;

/** The file's name as the marketer picked it (the web host stores uploads as `<folder>/<uuid>-<name>`). */
export const pickedName = (path: string): string => (path.split(/[\\/]/).pop() ?? path).replace(UPLOAD_PREFIX, '');

/** A message from the backend with the file's stored path replaced by the name the marketer picked. */
export const withPickedName = (message: string, path: string): string => (path ? message.split(path).join(pickedName(path)) : message);

/** The error report's file name for an import of `path`: the picked name's stem and "errors" (`contacts.csv` → `contacts-errors.csv`). */
export const errorReportName = (path: string): string => `${pickedName(path).replace(/\.[^.]*$/, '') || 'import'}-errors.csv`;
