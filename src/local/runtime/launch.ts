// How to start a runtime process for a function: which executable, which arguments, which
// environment — the variables Lambda sets in an execution environment, the function's own, and
// the developer's AWS credentials when the gateway's environment has them. Nothing else of the
// gateway's environment leaks in (no NODE_OPTIONS loaders, no unrelated secrets).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FunctionSpec } from '../functions/types';
import { nodeBinary, nodeBootstrapPath, type NodeBinary } from './assets';

export interface LaunchPlan {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** A problem that stops the function before any process starts (502, with this message logged). */
export class LaunchError extends Error {}

const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT', 'USERPROFILE'];
const CREDENTIALS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

export function regionOf(arn: string): string {
  return /^arn:aws[\w-]*:lambda:([\w-]+):/.exec(arn)?.[1] ?? 'us-east-1';
}

export function lambdaEnvironment(spec: FunctionSpec, runtimeApi: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of [...PASSED_THROUGH, ...CREDENTIALS]) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  const region = regionOf(spec.arn);
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  Object.assign(env, {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    _HANDLER: spec.handler,
    LAMBDA_TASK_ROOT: spec.codeDir,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    TZ: ':UTC',
  });
  // The function's own variables win, as on Lambda (except the reserved runtime API address).
  Object.assign(env, spec.environment, { AWS_LAMBDA_RUNTIME_API: runtimeApi });
  return env;
}

export function planLaunch(spec: FunctionSpec, runtimeApi: string, node: NodeBinary = nodeBinary()): LaunchPlan {
  const env = lambdaEnvironment(spec, runtimeApi);
  const cwd = spec.codeDir;
  if (!existsSync(cwd)) throw new LaunchError(`The code folder of ${spec.name} does not exist: ${cwd} (${spec.source})`);
  if (/^nodejs(18|20|22|24)\.x$/.test(spec.runtime)) {
    // MemorySize caps the heap the way Lambda's Node runtime sizes it.
    return { command: node.command, args: [`--max-old-space-size=${Math.max(16, Math.floor(spec.memoryMb * 0.9))}`, nodeBootstrapPath()], env: { ...env, ...node.env }, cwd };
  }
  if (/^provided(\.al2|\.al2023)?$/.test(spec.runtime)) {
    const bootstrap = path.join(spec.codeDir, 'bootstrap');
    try {
      accessSync(bootstrap, constants.X_OK);
    } catch {
      throw new LaunchError(`${spec.name} (${spec.runtime}) needs an executable file named "bootstrap" in ${spec.codeDir} (chmod +x bootstrap)`);
    }
    return { command: bootstrap, args: [], env, cwd };
  }
  if (/^python3\.\d+$/.test(spec.runtime)) {
    const python = pythonWithRic();
    if (!python) {
      throw new LaunchError(`${spec.name} (${spec.runtime}) runs through the official Python runtime interface client, which python3 cannot import here. ` +
        'Install it with "python3 -m pip install awslambdaric" (Python functions answer buffered: managed Python runtimes do not stream)');
    }
    env.PYTHONUNBUFFERED = '1';
    env.PYTHONPATH = [spec.codeDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    return { command: python, args: ['-m', 'awslambdaric', spec.handler], env, cwd };
  }
  throw new LaunchError(`${spec.name}: runtime "${spec.runtime}" is not supported locally (nodejs18.x-nodejs24.x, provided, provided.al2, provided.al2023, python3.x)`);
}

let pythonFound: string | undefined;

/** python3 when it can import awslambdaric; a failure is not remembered, so installing it helps at once. */
function pythonWithRic(): string | undefined {
  if (pythonFound) return pythonFound;
  try {
    execFileSync('python3', ['-c', 'import awslambdaric'], { stdio: 'ignore', timeout: 10_000 });
    pythonFound = 'python3';
  } catch {
    return undefined;
  }
  return pythonFound;
}
