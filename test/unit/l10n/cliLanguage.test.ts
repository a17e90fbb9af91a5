// The CLI speaks the locale's language: Japanese when LC_ALL / LC_MESSAGES / LANG say ja, English
// otherwise — in-process (main with an environment) and as a real process started with LANG=ja_JP.UTF-8.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localeLanguage, useCliLanguage } from '../../../src/cli/language';
import { main } from '../../../src/cli/main';

const root = join(__dirname, '..', '..', '..');

async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [o, e] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((c: string) => { out.push(String(c)); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => { err.push(String(c)); return true; }) as typeof process.stderr.write;
  try {
    return { code: await run(), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('CLI language from the locale', () => {
  afterEach(() => useCliLanguage({}));

  it('reads LC_ALL, then LC_MESSAGES, then LANG (POSIX order)', () => {
    assert.equal(localeLanguage({ LANG: 'ja_JP.UTF-8' }), 'ja');
    assert.equal(localeLanguage({ LANG: 'ja_JP.UTF-8', LC_ALL: 'en_US.UTF-8' }), 'en');
    assert.equal(localeLanguage({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.eucJP' }), 'ja');
    assert.equal(localeLanguage({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }), '');
    assert.equal(localeLanguage({}), '');
    assert.equal(useCliLanguage({ LANG: 'ja_JP.UTF-8' }), 'ja');
    assert.equal(useCliLanguage({ LANG: 'de_DE.UTF-8' }), 'en', 'a language without a bundle is English');
  });

  it('prints the overview, a command\'s help and a usage error in Japanese with LANG=ja_JP.UTF-8', async () => {
    const ja = { LANG: 'ja_JP.UTF-8' };
    const overview = await capture(() => main(['--help'], ja));
    assert.equal(overview.code, 0);
    assert.match(overview.out, /^使い方: streamgate <command> \[options\]/);
    const help = await capture(() => main(['integration', '--help'], ja));
    assert.match(help.out, /統合の転送モードとタイムアウトを 1 回の UpdateIntegration 呼び出しで変更します/);
    const usage = await capture(() => main(['integration', 'set', '--api', 'a1', '--path', 'chat', '--method', 'GET', '--mode', 'STREAM'], ja));
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--path は「\/」で始めてください/);
  });

  it('stays English without a Japanese locale, and after one (no leftover bundle)', async () => {
    await capture(() => main(['--help'], { LANG: 'ja_JP.UTF-8' }));
    const en = await capture(() => main(['probe'], { LANG: 'en_US.UTF-8' }));
    assert.equal(en.code, 2);
    assert.match(en.err, /missing the URL/);
    assert.doesNotMatch(en.err, /[\u3040-\u30ff]/);
  });

  it('a real `streamgate` process started with LANG=ja_JP.UTF-8 answers in Japanese', async () => {
    const run = promisify(execFile);
    const failed = await run(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'probe', 'not a url'],
      { cwd: root, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'ja_JP.UTF-8' } }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    assert.ok(failed, 'the probe of a bad URL fails');
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /「not a url」は URL ではありません: http:\/\/ または https:\/\/ で始まる絶対 URL を指定してください/);
  });
});
