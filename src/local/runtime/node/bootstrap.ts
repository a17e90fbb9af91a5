// StreamGate's Node.js runtime bootstrap: a small Lambda runtime interface client, run as its
// own process (bundled to dist/runtime/node-bootstrap.js) for nodejs18.x … nodejs24.x functions.
// It talks to the Runtime API at AWS_LAMBDA_RUNTIME_API exactly as the managed runtime does:
// long-polls /invocation/next, loads the _HANDLER ("dir/file.export", ESM or CommonJS) from
// LAMBDA_TASK_ROOT, and posts the result — buffered JSON, or for handlers wrapped in
// awslambda.streamifyResponse a chunked stream with error trailers.
import * as http from 'node:http';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installAwsLambdaGlobal, isStreamingHandler, LambdaResponseStream } from '../../lambda/responseStream';

type Handler = (...args: unknown[]) => unknown;

const RUNTIME_PATH = '/2018-06-01/runtime';
const [host, port] = splitHostPort(process.env.AWS_LAMBDA_RUNTIME_API ?? '');
// One connection, kept alive, as the managed runtime does: the next poll reuses the socket.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function splitHostPort(value: string): [string, number] {
  const at = value.lastIndexOf(':');
  return [value.slice(0, at).replace(/^\[|\]$/g, ''), Number(value.slice(at + 1))];
}

interface ErrorBody { errorType: string; errorMessage: string; trace: string[] }

function errorBody(err: unknown, fallbackType = 'Error'): ErrorBody {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err));
  return { errorType: e.name && e.name !== 'Error' ? e.name : fallbackType, errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
}

function request(method: string, urlPath: string, headers: Record<string, string | string[]>, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: urlPath, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function postError(urlPath: string, err: unknown, fallbackType: string): Promise<unknown> {
  const body = errorBody(err, fallbackType);
  return request('POST', urlPath, { 'content-type': 'application/json', 'Lambda-Runtime-Function-Error-Type': body.errorType }, JSON.stringify(body));
}

/** Resolves "dir/file.export.nested" the way the managed runtime does (.js, .mjs, .cjs). */
async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  const match = /^(.*?)\.([^./\\]+(?:\.[^./\\]+)*)$/.exec(path.basename(handlerString));
  if (!match) throw Object.assign(new Error(`Bad handler ${handlerString}: expected "file.export"`), { name: 'Runtime.MalformedHandlerName' });
  const [, file, exportPath] = match as unknown as [string, string, string];
  const base = path.resolve(taskRoot, path.dirname(handlerString), file);
  let found: string | undefined;
  for (const ext of ['.js', '.mjs', '.cjs']) {
    if (await fs.stat(base + ext).then((s) => s.isFile(), () => false)) { found = base + ext; break; }
  }
  if (!found) throw Object.assign(new Error(`Cannot find module '${path.relative(taskRoot, base)}' (looked for .js, .mjs, .cjs in ${taskRoot})`), { name: 'Runtime.ImportModuleError' });
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(found).href)) as Record<string, unknown>;
  } catch (err) {
    throw Object.assign(new Error(`Error loading ${found}: ${(err as Error)?.stack ?? String(err)}`), { name: 'Runtime.UserCodeSyntaxError' });
  }
  const walk = (root: unknown) => exportPath.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' || typeof o === 'function' ? (o as Record<string, unknown>)[k] : undefined), root);
  const handler = walk(mod) ?? walk(mod.default);
  if (typeof handler !== 'function') throw Object.assign(new Error(`${handlerString} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return handler as Handler;
}

function contextFor(headers: http.IncomingHttpHeaders): Record<string, unknown> {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const json = (v: unknown) => { try { return v ? JSON.parse(String(v)) : undefined; } catch { return undefined; } };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: json(headers['lambda-runtime-client-context']),
    identity: json(headers['lambda-runtime-cognito-identity']),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

async function runPlain(handler: Handler, event: unknown, context: Record<string, unknown>, id: string): Promise<void> {
  let result: unknown;
  try {
    result = await new Promise((resolve, reject) => {
      // Callback-style handlers (event, context, callback) are still common in older code.
      const callback = (err: unknown, value?: unknown) => (err ? reject(err) : resolve(value));
      const returned = handler(event, context, callback);
      if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    });
  } catch (err) {
    console.error(`Invoke Error ${JSON.stringify(errorBody(err))}`);
    await postError(`${RUNTIME_PATH}/invocation/${encodeURIComponent(id)}/error`, err, 'Error');
    return;
  }
  await request('POST', `${RUNTIME_PATH}/invocation/${encodeURIComponent(id)}/response`, { 'content-type': 'application/json' }, JSON.stringify(result ?? null));
}

/**
 * Streams the handler's writes to the Runtime API as they happen. The POST starts with the
 * first byte (so the content type set by HttpResponseStream.from is known), chunk boundaries
 * are kept, and an error after the first byte goes out as the Lambda-Runtime-Function-Error-*
 * trailers, as the managed runtime sends them.
 */
async function runStreaming(handler: Handler, event: unknown, context: Record<string, unknown>, id: string): Promise<void> {
  const stream = new LambdaResponseStream();
  let req: http.ClientRequest | undefined;
  const responded = new Promise<void>((resolve) => {
    const open = () => {
      req = http.request({
        host, port, agent, method: 'POST', path: `${RUNTIME_PATH}/invocation/${encodeURIComponent(id)}/response`,
        headers: {
          'Lambda-Runtime-Function-Response-Mode': 'streaming',
          'Content-Type': stream.getContentType(),
          'Transfer-Encoding': 'chunked',
          Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
        },
      }, (res) => { res.resume(); res.on('end', resolve); res.on('error', () => resolve()); });
      req.on('error', (err) => { console.error(`Response stream failed: ${err.message}`); resolve(); });
      return req;
    };
    stream.output.on('data', (chunk: Buffer) => {
      const r = req ?? open();
      if (!r.write(chunk)) { stream.output.pause(); r.once('drain', () => stream.output.resume()); }
    });
    stream.output.on('end', () => (req ?? open()).end());
    stream.output.on('error', (err: Error) => {
      const r = req ?? open();
      const body = errorBody(err);
      r.addTrailers({ 'Lambda-Runtime-Function-Error-Type': body.errorType, 'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(body)).toString('base64') });
      r.end();
    });
  });
  try {
    await handler(event, stream, context);
    // The runtime ends the stream when the handler's promise settles without ending it.
    if (!stream.writableEnded && !stream.destroyed) stream.end();
  } catch (err) {
    console.error(`Invoke Error ${JSON.stringify(errorBody(err))}`);
    if (!req) {
      // Nothing was sent yet: report it as an ordinary invocation error.
      stream.output.removeAllListeners();
      stream.output.destroy();
      await postError(`${RUNTIME_PATH}/invocation/${encodeURIComponent(id)}/error`, err, 'Error');
      return;
    }
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
  }
  await responded;
}

async function main(): Promise<void> {
  installAwsLambdaGlobal();
  let handler: Handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
  } catch (err) {
    console.error(`${(err as Error).name}: ${(err as Error).message}`);
    await postError(`${RUNTIME_PATH}/init/error`, err, 'Runtime.InitError').catch(() => undefined);
    process.exit(1);
  }
  for (;;) {
    const next = await request('GET', `${RUNTIME_PATH}/invocation/next`, {});
    const id = String(next.headers['lambda-runtime-aws-request-id'] ?? '');
    const traceId = next.headers['lambda-runtime-trace-id'];
    if (traceId) process.env._X_AMZN_TRACE_ID = String(traceId);
    let event: unknown;
    try {
      event = JSON.parse(next.body);
    } catch (err) {
      await postError(`${RUNTIME_PATH}/invocation/${encodeURIComponent(id)}/error`, err, 'Runtime.UnmarshalError');
      continue;
    }
    const context = contextFor(next.headers);
    if (isStreamingHandler(handler)) await runStreaming(handler, event, context, id);
    else await runPlain(handler, event, context, id);
  }
}

// A rejection or exception the handler left behind ends the process, as on Lambda
// (Runtime.UnhandledPromiseRejection); the gateway reports the exit for the invocation.
process.on('unhandledRejection', (reason) => {
  console.error(`Runtime.UnhandledPromiseRejection: ${(reason as Error)?.stack ?? String(reason)}`);
  process.exit(128);
});

main().catch((err: unknown) => {
  console.error(`Runtime failed: ${(err as Error)?.stack ?? String(err)}`);
  process.exit(1);
});
