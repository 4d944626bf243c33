/**
 * PostgreSQL and network failures in words a marketer (and their data team) can act on. The raw
 * message is kept at the end for the data team; a password is never part of it.
 */
import { ApiFailure } from '../../../../shared/api/result.js';

interface PgLikeError {
  code?: string;
  message?: string;
}

const asPg = (e: unknown): PgLikeError => (typeof e === 'object' && e !== null ? (e as PgLikeError) : { message: String(e) });

/** True when the error means the warehouse could not be reached or signed in to (not a query problem). */
export function isConnectionError(e: unknown): boolean {
  const { code, message = '' } = asPg(e);
  return (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', '28P01', '28000', '3D000', '57P03'].includes(
      code ?? '',
    ) || /timeout exceeded when trying to connect|Connection terminated|server does not support SSL|self.signed/i.test(message)
  );
}

/** The failure as an ApiFailure with a clear message; `where` names the warehouse (`db on host:port`). */
export function warehouseFailure(e: unknown, where: string, timeoutSeconds: number): ApiFailure {
  if (e instanceof ApiFailure) return e;
  const { code, message = 'unknown error' } = asPg(e);
  const raw = ` (${message})`;
  switch (code) {
    case 'ECONNREFUSED':
      return new ApiFailure('invalid_state', `The warehouse is unreachable: nothing answers at ${where}. Check the server and port.${raw}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ApiFailure('invalid_state', `The warehouse is unreachable: the server name in ${where} is not known.${raw}`);
    case '28P01':
    case '28000':
      return new ApiFailure('invalid_state', `The warehouse refused the sign-in at ${where}: check the user name and password.${raw}`);
    case '3D000':
      return new ApiFailure('invalid_state', `The warehouse at ${where} has no such database.${raw}`);
    case '57014':
      if (/statement timeout/i.test(message))
        return new ApiFailure(
          'invalid_state',
          `The warehouse took longer than the ${timeoutSeconds} s statement timeout and stopped the query. ` +
            'Simplify the segment or raise the timeout in the warehouse settings.',
        );
      return new ApiFailure('cancelled', 'A newer request replaced this one on the warehouse.');
    case '42501':
      return new ApiFailure('invalid_state', `The warehouse user may not do this at ${where}: ask your data team for access.${raw}`);
    default:
      break;
  }
  if (isConnectionError(e)) return new ApiFailure('invalid_state', `The warehouse is unreachable at ${where}.${raw}`);
  return new ApiFailure('invalid_state', `The warehouse could not run the query at ${where}.${raw}`);
}
