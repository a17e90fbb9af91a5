// Resource policies are stored as JSON strings (AWS's shape); a malformed one is refused when it
// is set, not when a call is evaluated against it.
import { badRequest } from '../http/awsError';

/** A resource policy must be a JSON object with a Statement; returns it unchanged when it is. */
export function checkPolicyDocument(policy: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw badRequest('Invalid policy document: the policy is not valid JSON. Please check the policy syntax and try again.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || (doc as { Statement?: unknown }).Statement === undefined) {
    throw badRequest('Invalid policy document: expected a JSON object with a "Statement". Please check the policy syntax and try again.');
  }
  return policy;
}
