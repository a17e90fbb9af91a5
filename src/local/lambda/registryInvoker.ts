// A FunctionInvoker over the in-process LambdaRegistry, used for Lambda authorizers until the
// Lambda Runtime API runner (src/local/runtime) provides the gateway's FunctionInvoker. 'raw'
// payloads answer like Lambda's Invoke API: the JSON result, or X-Amz-Function-Error + error body.
import { Readable } from 'node:stream';
import type { FunctionInvocation, FunctionInvoker } from '../functions/types';
import type { UpstreamResponse } from '../dataplane/upstream';
import { buildLambdaContext } from './event';
import { invokeHandler } from './invoke';
import { functionNameFromArn, type LambdaRegistry } from './registry';

function jsonResponse(value: unknown, functionError: boolean): UpstreamResponse {
  const body = Buffer.from(JSON.stringify(value ?? null));
  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  if (functionError) headers.push(['X-Amz-Function-Error', 'Unhandled']);
  return { statusCode: 200, headers, body: Readable.from([body]) };
}

export function registryInvoker(registry: LambdaRegistry): FunctionInvoker {
  return {
    has: (arn) => functionNameFromArn(arn) !== undefined,
    close: () => Promise.resolve(),
    async invoke(inv: FunctionInvocation): Promise<UpstreamResponse> {
      const resolved = await registry.resolve(inv.functionArn);
      const context = buildLambdaContext(inv.functionArn, resolved.functionName, inv.requestId, inv.deadlineMs);
      if (inv.payload !== 'raw') return invokeHandler({ handler: resolved.handler, event: inv.event, context, signal: inv.signal, note: inv.note });
      try {
        const result = await new Promise<unknown>((resolve, reject) => {
          const returned = resolved.handler(inv.event, context, (err: unknown, value?: unknown) => (err ? reject(err) : resolve(value)));
          if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
          else if (resolved.handler.length < 3) resolve(returned);
        });
        return jsonResponse(result, false);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        return jsonResponse({ errorMessage: e.message, errorType: e.name }, true);
      }
    },
  };
}
