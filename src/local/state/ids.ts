// AWS-looking identifiers: REST API and resource ids are 10 lowercase alphanumerics, deployment
// ids 6. Random, so ids from separate runs never collide in a persisted state file.
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(length = 10): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
