// `npm run token -- <name> [scope ...]`: makes a random API token and prints it once, with the config entry that
// holds only its SHA-256 (the gateway never stores the token itself).
import { createHash, randomBytes } from 'node:crypto';
import { isScope, SCOPES } from '../auth/principal.js';

const [name = 'api-token', ...requested] = process.argv.slice(2);
const unknown = requested.filter((scope) => !isScope(scope));
if (unknown.length > 0) {
  console.error(`token: unknown scope ${unknown.join(', ')}; the scopes are ${SCOPES.join(', ')}`);
  process.exit(2);
}
const token = randomBytes(32).toString('base64url');
const entry = {
  name,
  sha256: createHash('sha256').update(token, 'utf8').digest('hex'),
  scopes: requested.length > 0 ? requested : ['snapshots:read'],
  backends: ['*'],
};
console.log(`Token (shown once; give it to the client as "Authorization: Bearer <token>"):\n  ${token}`);
console.log(`Config entry for auth.tokens (narrow "backends" to '<backend>' or '<backend>/<namespace>' entries):`);
console.log(JSON.stringify(entry, null, 2));
