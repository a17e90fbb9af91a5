import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_REGION_PATTERN, listAwsProfiles } from '../../../src/core/aws/profiles';

describe('AWS profiles from the shared config and credentials files', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sg-profiles-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists config and credentials profiles with region, SSO marked, default first, no sso-session sections', async () => {
    const configFile = join(dir, 'config');
    const credentialsFile = join(dir, 'credentials');
    writeFileSync(configFile, [
      '# comment', '[default]', 'region = eu-west-1', '',
      '[profile dev-sso]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = Dev', 'region = ap-northeast-1', '',
      '[profile legacy-sso]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', '',
      '[profile both]', 'region = us-west-2',
    ].join('\n'));
    writeFileSync(credentialsFile, ['[ci]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = x', '', '[both]', 'aws_access_key_id = AKIA2', 'aws_secret_access_key = y'].join('\n'));
    const profiles = await listAwsProfiles({ configFile, credentialsFile });
    assert.deepEqual(profiles.map((p) => p.name), ['default', 'both', 'ci', 'dev-sso', 'legacy-sso']);
    const by = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.equal(by.default!.region, 'eu-west-1');
    assert.equal(by['dev-sso']!.sso, true);
    assert.equal(by['dev-sso']!.region, 'ap-northeast-1');
    assert.equal(by['legacy-sso']!.sso, true);
    assert.equal(by.ci!.sso, false);
    assert.equal(by.ci!.region, undefined);
    assert.deepEqual(by.both!.sources, ['config', 'credentials']);
    assert.ok(!profiles.some((p) => p.name.includes('corp')), 'an sso-session section is not a profile');
  });

  it('reads the files afresh each time and yields nothing when they do not exist', async () => {
    const configFile = join(dir, 'config');
    assert.deepEqual(await listAwsProfiles({ configFile, credentialsFile: join(dir, 'none') }), []);
    writeFileSync(configFile, '[profile later]\nregion = sa-east-1\n');
    assert.deepEqual((await listAwsProfiles({ configFile, credentialsFile: join(dir, 'none') })).map((p) => p.name), ['later']);
  });

  it('recognises region names', () => {
    for (const r of ['us-east-1', 'ap-southeast-2', 'us-gov-west-1']) assert.match(r, AWS_REGION_PATTERN);
    for (const r of ['useast1', 'US-EAST-1', 'us-east', '']) assert.doesNotMatch(r, AWS_REGION_PATTERN);
  });
});
