import { deepFreeze } from '../../shared/deep-freeze';
import { sendRequestSchema, type SendRequest, type SendRequestParsed } from '../../shared/request';
import { AuthdeskError } from './errors';

/** A request {@link validRequest} has checked: frozen, and sent without a second parse. */
export type ValidRequest = Readonly<SendRequestParsed> & { readonly __valid: unique symbol };

/** Requests {@link validRequest} returned (frozen, so they cannot change after the check). */
const validated = new WeakSet<object>();

/**
 * Checks a request against the send contract (`sendRequestSchema`) and freezes the result; a frozen result passed
 * back here is returned as is, so a request sent many times (`send --repeat`) is parsed once.
 * @throws AuthdeskError `invalid_request` naming the first problem
 */
export function validRequest(request: SendRequest | ValidRequest): ValidRequest {
  if (validated.has(request)) return request as ValidRequest;
  const parsed = sendRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A header problem names the header (its name only: the value may hold a secret).
    const header = issue?.path[0] === 'headers' && typeof issue.path[1] === 'number' ? request.headers?.[issue.path[1]]?.[0] : undefined;
    const where = typeof header === 'string' && /^[\x21-\x7e]{1,200}$/.test(header) ? `header ${header}: ` : '';
    throw new AuthdeskError('invalid_request', `Invalid request: ${where}${issue?.message ?? ''}`);
  }
  const valid = deepFreeze(parsed.data) as ValidRequest;
  validated.add(valid);
  return valid;
}
