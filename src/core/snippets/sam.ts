// AWS SAM: an Api event on the function, with SAM's own spelling of the switch
// (ResponseTransferMode: BUFFERED | RESPONSE_STREAM; SAM then writes responseTransferMode STREAM
// and the 2021-11-15 streaming URI itself — serverless-application-model PR #3881). SAM Api
// events only make Lambda proxy integrations; other types go in the API's DefinitionBody.
import { stringify } from 'yaml';
import { openApiSnippet } from './openApi';
import { logicalName, type SnippetContext } from './context';

/** The function name in a Lambda integration URI (…:function:NAME/…), when there is one. */
function functionNameOf(uri: string | undefined): string | undefined {
  return /:function:([A-Za-z0-9_-]+)/.exec(uri ?? '')?.[1];
}

function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

export function samSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  if (s.type !== 'AWS_PROXY') {
    const body = openApiSnippet(ctx).replace(/^/gm, '        ').trimEnd();
    return `# SAM Api events create Lambda proxy integrations only; a ${s.type} integration goes in the API's DefinitionBody:\n` +
      `Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: ${ctx.stageName ?? 'Prod'}\n      DefinitionBody:\n        openapi: 3.0.1\n        info: { title: api, version: '1.0' }\n${body}\n`;
  }
  const event: Record<string, unknown> = {
    Path: ctx.path,
    Method: ctx.httpMethod === 'ANY' ? 'any' : ctx.httpMethod.toLowerCase(),
    ResponseTransferMode: s.responseTransferMode === 'STREAM' ? 'RESPONSE_STREAM' : 'BUFFERED',
    TimeoutInMillis: s.timeoutInMillis,
  };
  const fn = functionNameOf(s.uri);
  const template = {
    Resources: {
      [`${fn ? pascal(fn) : logicalName(ctx)}Function`]: {
        Type: 'AWS::Serverless::Function',
        Properties: {
          ...(fn ? { FunctionName: fn } : {}),
          Handler: 'app.handler',
          Runtime: 'nodejs22.x',
          CodeUri: 'src/',
          Events: { [logicalName(ctx)]: { Type: 'Api', Properties: event } },
        },
      },
    },
  };
  const note = s.responseTransferMode === 'STREAM' ? ' (SAM writes STREAM and the 2021-11-15 response-streaming-invocations URI)' : '';
  return `# Transform: AWS::Serverless-2016-10-31 — ${ctx.httpMethod} ${ctx.path}${note}\n${stringify(template, { lineWidth: 0 })}`;
}
