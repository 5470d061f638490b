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
  if (!parsed.success) throw new AuthdeskError('invalid_request', `Invalid request: ${parsed.error.issues[0]?.message ?? ''}`);
  const valid = deepFreeze(parsed.data) as ValidRequest;
  validated.add(valid);
  return valid;
}
