import { strict as assert } from 'node:assert';
import { UndeployedChanges } from '../../../src/core/controlplane';

describe('UndeployedChanges', () => {
  const chat = { apiId: 'a', resourceId: 'r1', httpMethod: 'POST' };
  const feed = { apiId: 'a', resourceId: 'r2', httpMethod: 'GET' };

  it('marks a change as not deployed until a stage receives it, per stage', () => {
    const t = new UndeployedChanges();
    assert.equal(t.isUndeployed(chat), false);
    t.noteChange(chat);
    assert.equal(t.isUndeployed(chat), true);
    t.noteDeploy('a', 'dev');
    assert.equal(t.isUndeployed(chat), false, 'live on dev');
    assert.equal(t.isUndeployed(chat, 'dev'), false);
    assert.equal(t.isUndeployed(chat, 'prod'), true, 'prod still serves the old settings');
    assert.deepEqual(t.pendingFor('a', 'prod'), [chat]);
  });

  it('a later change (e.g. undo) is pending again even on stages that got the earlier one', () => {
    const t = new UndeployedChanges();
    t.noteChange(chat);
    t.noteDeploy('a', 'dev');
    t.noteChange({ ...chat, httpMethod: 'post' });
    t.noteChange(feed);
    assert.equal(t.isUndeployed(chat, 'dev'), true);
    assert.equal(t.pendingFor('a', 'dev').length, 2);
    t.noteDeploy('b', 'dev');
    assert.equal(t.pendingFor('a', 'dev').length, 2, 'deploying another API changes nothing here');
    t.forgetApi('a');
    assert.equal(t.isUndeployed(chat), false);
  });

  it('counts the changes no stage serves yet, for the API node', () => {
    const t = new UndeployedChanges();
    t.noteChange(chat);
    t.noteChange(feed);
    assert.equal(t.pendingEverywhere('a').length, 2);
    t.noteDeploy('a', 'dev');
    assert.deepEqual(t.pendingEverywhere('a'), [], 'live on dev now');
    assert.equal(t.pendingFor('a', 'prod').length > 0, true, 'prod still lacks them');
  });
});
