/**
 * The app's name, version and documentation address, read from the package.json that ships with the code, so a release bump
 * changes one file. Found by walking up from this module: electron/backend/ under tsx (tests),
 * dist-electron/electron/backend/ when built, and the same layout inside the packaged app's asar.
 */
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'segment-studio';

interface PackageFacts {
  name: string;
  version: string;
  /** package.json `homepage` when it is an https address (Help ▸ Documentation opens it); absent otherwise. */
  homepage?: string;
}

/** The app's package.json facts (the first package.json named `segment-studio` above `from`). */
export function readPackageFacts(from: string = __dirname): PackageFacts {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        name?: string;
        productName?: string;
        version?: string;
        homepage?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') {
        const homepage = typeof pkg.homepage === 'string' && /^https:\/\//.test(pkg.homepage) ? pkg.homepage : undefined;
        return { name: pkg.productName ?? pkg.name, version: pkg.version, ...(homepage ? { homepage } : {}) };
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`No package.json of ${PACKAGE_NAME} above ${from}: the app is installed incompletely.`);
  }
}
