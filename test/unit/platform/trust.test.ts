// The workspace-trust gate every code-running feature calls: at once when trusted; otherwise it
// says why it waits (once per reason) and resolves when the user grants trust.
import assert from 'node:assert/strict';
import { grantTrust, installFakeVscode, recorded } from '../../fixtures/fakeVscode';

installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fake vscode is installed
const { requireTrust, trustMessage } = require('../../../src/extension/platform/trust') as typeof import('../../../src/extension/platform/trust');

describe('requireTrust (workspace trust gate)', () => {
  afterEach(() => { recorded.trusted = true; recorded.warnings.length = 0; });

  it('resolves at once in a trusted workspace without a message', async () => {
    await requireTrust('Serving a template runs its code.');
    assert.deepEqual(recorded.warnings, []);
  });

  it('in an untrusted workspace waits for trust, saying why once per reason', async () => {
    recorded.trusted = false;
    let done = 0;
    const reason = 'Loading Lambda handlers runs their code.';
    void requireTrust(reason).then(() => done++);
    void requireTrust(reason).then(() => done++);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(done, 0, 'nothing runs before trust');
    assert.deepEqual(recorded.warnings, [trustMessage(reason)]);
    assert.match(recorded.warnings[0]!, /Loading Lambda handlers runs their code\. This waits until you trust the workspace\./);
    grantTrust();
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(done, 2, 'both waiters continue once trusted');
  });
});
