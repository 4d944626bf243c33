/**
 * The app's name and version, read from the package.json that ships with the code, so a release bump
 * changes one file. Found by walking up from this module: electron/backend/ under tsx (tests),
 * dist-electron/electron/backend/ when built, and the same layout inside the packaged app's asar.
 */
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'segment-studio';

interface PackageFacts {
  name: string;
  version: string;
}

/** The app's package.json facts (the first package.json named `segment-studio` above `from`). */
export function readPackageFacts(from: string = __dirname): PackageFacts {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; productName?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return { name: pkg.productName ?? pkg.name, version: pkg.version };
    }
    if (path.dirname(dir) === dir) throw new Error(`No package.json of ${PACKAGE_NAME} above ${from}: the app is installed incompletely.`);
  }
}
