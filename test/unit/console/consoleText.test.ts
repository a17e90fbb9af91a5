// The words and names the console derives from a run: arrival, mode, file names, raw rows,
// chart ticks, and the doctor's causes for a STREAM run that arrived buffered.
import { strict as assert } from 'node:assert';
import { classifyArrival, marksOf } from '../../../src/shared/arrival';
import { describeMode, modeDiffers, servedMode } from '../../../src/shared/runMode';
import { emptyTimings } from '../../../src/shared/timings';
import { bodyFileName, contentDispositionName, exportFileName } from '../../../src/extension/console/fileNames';
import { explainBufferedArrival } from '../../../src/core/rules/doctor';
import { lambdaIntegrationUri } from '../../../src/core/rules/integrationRules';
import { findRows, prettyJsonLines, wrapLines } from '../../../webview/body/rawRows';
import { byteTicks, timeTicks } from '../../../webview/chart/ticks';
import { isBinaryMediaType } from '../../../src/shared/parse';

const t = (over: Partial<ReturnType<typeof emptyTimings>>) => ({ ...emptyTimings(), ...over });

describe('console text: arrival and mode', () => {
  it('classifies 48 chunks over 2.3 s as streamed and one late burst as buffered', () => {
    const streamed = Array.from({ length: 48 }, (_, i) => ({ atMs: 6 + i * 48, bytes: 40 }));
    assert.equal(classifyArrival(marksOf(streamed), t({ requestSentMs: 1, endMs: 2300 })), 'streamed');
    const burst = [{ atMs: 2290, bytes: 1500 }, { atMs: 2291, bytes: 400 }];
    assert.equal(classifyArrival(marksOf(burst), t({ requestSentMs: 1, endMs: 2292 })), 'buffered');
    // A 1 MiB BUFFERED body: silence for 150 ms, then 60 ms of transfer — still buffered.
    const bigBuffered = Array.from({ length: 21 }, (_, i) => ({ atMs: 155 + i * 3, bytes: 50_000 }));
    assert.equal(classifyArrival(marksOf(bigBuffered), t({ requestSentMs: 35, endMs: 217 })), 'buffered');
    // A stream that starts late but then spreads over most of the run is a stream.
    const lateStream = Array.from({ length: 30 }, (_, i) => ({ atMs: 600 + i * 30, bytes: 10 }));
    assert.equal(classifyArrival(marksOf(lateStream), t({ requestSentMs: 0, endMs: 1500 })), 'streamed');
    assert.equal(classifyArrival(marksOf([]), t({ endMs: 5 })), undefined, 'no body: nothing to judge');
    assert.equal(classifyArrival(marksOf([{ atMs: 3, bytes: 1 }]), t({ requestSentMs: 1, endMs: 4 })), undefined, 'too fast to tell');
  });

  it('says when the configuration and the stage differ', () => {
    const differs = { served: 'BUFFERED' as const, configured: 'STREAM' as const, stage: 'dev', exact: true };
    assert.equal(describeMode(differs), 'STREAM configured, not deployed — dev still serves BUFFERED');
    assert.equal(servedMode(differs), 'BUFFERED');
    assert.equal(modeDiffers(differs), true);
    const same = { ...differs, served: 'STREAM' as const };
    assert.equal(describeMode(same), 'dev serves STREAM');
    assert.match(describeMode({ ...same, exact: false }), /deployments StreamGate made or saw/);
    assert.equal(modeDiffers(undefined), false);
  });
});

describe('console text: file names', () => {
  const run = { method: 'GET', url: 'http://127.0.0.1:4510/restapis/abc/dev/_user_request_/download?x=1', startedAt: new Date(2026, 0, 2, 3, 4, 5).getTime() };
  it('defaults to the Content-Disposition name, else method-path-time with an extension from the type', () => {
    assert.equal(bodyFileName({ ...run, responseHeaders: { 'Content-Disposition': 'attachment; filename="report 1.pdf"' } }), 'report 1.pdf');
    assert.equal(bodyFileName({ ...run, responseHeaders: { 'content-type': 'application/octet-stream' } }), 'get-restapis-abc-dev-download-20260102-030405.bin');
    assert.equal(bodyFileName({ ...run, responseHeaders: { 'content-type': 'application/json; charset=utf-8' } }).endsWith('.json'), true);
    assert.equal(exportFileName({ ...run, responseHeaders: {} }, 'har'), 'get-restapis-abc-dev-download-20260102-030405.har');
  });
  it('reads filename* (RFC 5987) first and never lets a name climb out of the folder', () => {
    assert.equal(contentDispositionName(`attachment; filename="a.txt"; filename*=UTF-8''%C3%A9t%C3%A9.txt`), 'été.txt');
    assert.equal(contentDispositionName('attachment; filename="../../etc/passwd"'), 'passwd');
    assert.equal(contentDispositionName('inline'), undefined);
    assert.equal(contentDispositionName(undefined), undefined);
  });
});

describe('console text: body rows and chart ticks', () => {
  it('pretty-prints one JSON document, wraps long lines and finds rows', () => {
    assert.deepEqual(prettyJsonLines('{"a":[1,2]}'), ['{', '  "a": [', '    1,', '    2', '  ]', '}']);
    assert.equal(prettyJsonLines('{"a":1}\n{"b":2}'), undefined, 'NDJSON is not one document');
    assert.deepEqual(wrapLines(['x'.repeat(25), ''], 10), ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5), '']);
    assert.deepEqual(findRows(['Hello', 'world', 'HELLO again'], 'hello'), [0, 2]);
    assert.deepEqual(findRows(['a'], ''), []);
  });
  it('labels ticks with units and enough decimals to tell them apart', () => {
    assert.deepEqual(timeTicks([0, 0.5, 1, 1.5], 0.5), ['0.0 ms', '0.5 ms', '1.0 ms', '1.5 ms']);
    assert.deepEqual(timeTicks([0, 250, 500, 750, 1000, 1250], 250), ['0.00 s', '0.25 s', '0.50 s', '0.75 s', '1.00 s', '1.25 s'], 'never "0.3 s" for 0.25 s');
    assert.deepEqual(timeTicks([0, 5, 10], 5), ['0 ms', '5 ms', '10 ms']);
    assert.deepEqual(timeTicks([0, 500, 1000, 1500, 2000], 500), ['0.0 s', '0.5 s', '1.0 s', '1.5 s', '2.0 s']);
    assert.deepEqual(byteTicks([0, 512, 1024, 1536], 512), ['0 B', '512 B', '1024 B', '1536 B']);
    assert.deepEqual(byteTicks([0, 100, 200], 100), ['0 B', '100 B', '200 B']);
    assert.deepEqual(byteTicks([0, 204800, 409600], 204800), ['0 KiB', '200 KiB', '400 KiB'], 'never "176.563 KiB"');
    assert.deepEqual(byteTicks([0, 5120, 10240], 5120), ['0 KiB', '5 KiB', '10 KiB']);
    const mib = byteTicks([0, 2 * 1024 * 1024, 4 * 1024 * 1024], 2 * 1024 * 1024);
    assert.deepEqual(mib, ['0 MiB', '2 MiB', '4 MiB']);
  });
  it('knows binary media types', () => {
    for (const type of ['application/octet-stream', 'image/png', 'audio/mpeg', 'video/mp4', 'application/pdf', 'application/zip', 'application/x-protobuf']) {
      assert.equal(isBinaryMediaType(type), true, type);
    }
    for (const type of ['text/plain', 'application/json', 'text/event-stream', '']) assert.equal(isBinaryMediaType(type), false, type);
  });
});

describe('streaming doctor: a STREAM run that arrived buffered', () => {
  const fn = 'arn:aws:lambda:us-east-1:1:function:f';
  const settings = { type: 'AWS_PROXY' as const, responseTransferMode: 'STREAM' as const, timeoutInMillis: 29000, uri: lambdaIntegrationUri('us-east-1', fn, 'STREAM') };
  it('names "not deployed" first, with a deploy fix', () => {
    const causes = explainBufferedArrival({ settings, servedMode: 'BUFFERED', stage: 'dev', responseHeaders: {}, directToGateway: true });
    assert.match(causes[0]!.message, /Not deployed.*dev/);
    assert.equal(causes[0]!.fix?.deployStage, 'dev');
  });
  it('names a buffered Lambda URI, compression and a proxy in between', () => {
    const causes = explainBufferedArrival({
      settings: { ...settings, uri: lambdaIntegrationUri('us-east-1', fn, 'BUFFERED') },
      servedMode: 'STREAM', stage: 'dev', minimumCompressionSize: 0, responseHeaders: { via: '1.1 proxy', 'content-encoding': 'gzip' }, directToGateway: true,
    });
    const text = causes.map((c) => c.message).join('\n');
    assert.match(text, /buffered 2015-03-31/);
    assert.match(text, /compressed \(content-encoding: gzip\)/);
    assert.match(text, /added via/);
  });
  it('when nothing in the configuration explains it, points at the backend', () => {
    const causes = explainBufferedArrival({ settings, servedMode: 'STREAM', stage: 'dev', responseHeaders: {}, directToGateway: true });
    assert.equal(causes.length, 1);
    assert.match(causes[0]!.message, /backend itself/);
  });
});
