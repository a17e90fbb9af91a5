// The seam between what declares a function (the built-in sample, a SAM / CloudFormation /
// cdk.out template) and what runs it (the Lambda Runtime API and its runtime processes, see
// src/local/runtime). The data plane only ever talks to a FunctionInvoker; functions never run
// inside the gateway's own process.
import type { TransferMode } from '../../shared/model';
import type { UpstreamResponse } from '../dataplane/upstream';

/** One Lambda function as a template declares it, with every path already resolved. */
export interface FunctionSpec {
  /** The function name (FunctionName, or the template's logical id), as in its ARN. */
  name: string;
  /** arn:aws:lambda:REGION:ACCOUNT:function:NAME */
  arn: string;
  /** nodejs18.x … nodejs24.x, provided, provided.al2, provided.al2023, python3.x */
  runtime: string;
  /** e.g. "src/app.lambdaHandler"; for provided.* runtimes passed on as _HANDLER. */
  handler: string;
  /** Absolute folder of the code (CodeUri / Code / a cdk.out asset folder): LAMBDA_TASK_ROOT. */
  codeDir: string;
  /** Environment variables from the template (and --env-vars overrides). */
  environment: Record<string, string>;
  /** Function timeout in seconds (Lambda's default is 3). */
  timeoutSeconds: number;
  /** MemorySize in MB (Lambda's default is 128). */
  memoryMb: number;
  architectures?: string[];
  /** Absolute folders of local layers, in order (mounted as /opt on Lambda). */
  layers?: string[];
  /** Where it was declared, for messages: "template.yaml: ChatFunction" or "built-in sample". */
  source: string;
  /**
   * For functions written for both transfer modes: an environment variable the runner sets to
   * BUFFERED or STREAM to match the invocation (Invoke or InvokeWithResponseStream), with warm
   * processes kept per value — as a deployment sets Lambda Web Adapter's AWS_LWA_INVOKE_MODE to
   * match its integration. On AWS a function cannot learn the mode from its event.
   */
  invokeModeVariable?: string;
}

/** One AWS_PROXY (or authorizer) invocation the data plane asks for. */
export interface FunctionInvocation {
  functionArn: string;
  /** BUFFERED: the 2015-03-31 …/invocations URI; STREAM: 2021-11-15 …/response-streaming-invocations. */
  mode: TransferMode;
  /** The proxy event (payload format 1.0) as JSON-serialisable data. */
  event: unknown;
  /** The gateway's request id (x-amzn-RequestId); function log lines are tagged with it. */
  requestId: string;
  /** Epoch ms by which the integration gives up. */
  deadlineMs: number;
  /** Aborted when the client leaves or the integration times out: the function is cancelled. */
  signal: AbortSignal;
  /** Notes for the access log (cold start, handler errors, format problems). */
  note(line: string): void;
  /**
   * 'proxy' (default): the result is read as a Lambda proxy result / streaming prelude.
   * 'raw' (Lambda authorizers): like Lambda's Invoke API — status 200, the body is the function's
   * JSON result as returned; a function error adds `X-Amz-Function-Error: Unhandled` and the body
   * is `{"errorMessage","errorType"}`.
   */
  payload?: 'proxy' | 'raw';
  /** Lambda-Runtime-Client-Context (base64 JSON) when the caller passes one. */
  clientContext?: string;
  /** Lambda-Runtime-Cognito-Identity (JSON) when the caller passes one. */
  cognitoIdentity?: string;
}

export interface FunctionInvoker {
  /** True when a function with this ARN is known (declared or resolvable). */
  has(functionArn: string): boolean;
  invoke(inv: FunctionInvocation): Promise<UpstreamResponse>;
  /** Stops every runtime process. */
  close(): Promise<void>;
}
