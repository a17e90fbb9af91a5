// Each edge words the engine's failure codes itself: the CLI names its flags, the console names
// VS Code settings and never advises a CLI-only flag.
import assert from 'node:assert/strict';
import { cliFailureText } from '../../../src/cli/failureWords';
import { consoleFailureText } from '../../../src/extension/failureWords';
import type { RunFailure } from '../../../src/core/stream/engine';

const untrusted: RunFailure = { code: 'TLS_CERT_UNTRUSTED', host: 'localhost:8443', status: null, bytes: 0, cause: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
const sentence = 'TLS: the certificate of localhost:8443 is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)';

describe('failure codes in each edge\'s words', () => {
  it('the CLI offers --insecure for an untrusted certificate', () => {
    assert.equal(cliFailureText(sentence, untrusted), `${sentence}. If you trust localhost:8443, rerun with --insecure (accepts this host's certificate only).`);
  });

  it('the console never advises --insecure; it names what VS Code can do', () => {
    const text = consoleFailureText({ error: sentence, failure: untrusted })!;
    assert.ok(text.startsWith(sentence));
    assert.doesNotMatch(text, /--insecure/);
    assert.match(text, /NODE_EXTRA_CA_CERTS/);
    assert.match(consoleFailureText({ error: 'max time of 5 ms reached', failure: { ...untrusted, code: 'MAX_TIME' } })!, /streamgate\.console\.maxTimeSeconds/);
  });

  it('codes without a remedy keep the engine sentence; a run without error has no text', () => {
    assert.equal(cliFailureText('connection reset by the server', { ...untrusted, code: 'CONNECTION_RESET' }), 'connection reset by the server');
    assert.equal(consoleFailureText({}), undefined);
  });
});
