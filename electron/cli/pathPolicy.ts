/**
 * The CLI's path policy: the person at the terminal is the trust boundary, so every path field of the
 * contract (its `filePath` marks) takes what they typed, unchanged (relative to the working
 * directory, like every other command line tool). docs/security.md compares the hosts.
 */
import { shownValue, type PathPolicy, type PathRequest, type PathVerdict } from '../../shared/api/pathPolicy.js';

export const typedPathPolicy: PathPolicy = {
  decide({ value }: PathRequest): PathVerdict {
    // Flags are always strings; anything else did not come from the command line.
    return typeof value === 'string'
      ? { ok: true, path: value }
      : {
          ok: false,
          message: `a path from the command line is text, not ${shownValue(value)}.`,
        };
  },
};
