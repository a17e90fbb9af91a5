// FunctionSpecs for the runtime tests, pointing at the fixture folders in test/fixtures/runtime.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { FunctionSpec } from '../../../../src/local/functions/types';

export const RUNTIME_FIXTURES = path.resolve(__dirname, '../../../fixtures/runtime');
/** Node >= 22 for aws-lambda-ric: the VS Code test host's Node 24 (scripts/setup-vscode-host.sh). */
export const NODE24 = path.join(homedir(), '.cache/vscode-host/node-24.21.0/package/bin/node');
export const RIC_ADDON = path.join(RUNTIME_FIXTURES, 'ric/node_modules/aws-lambda-ric/rapid-client.node');

export function requireRic(): void {
  if (!existsSync(NODE24)) throw new Error(`Node 24 is missing at ${NODE24}: run bash scripts/setup-vscode-host.sh (or bash .ci/run)`);
  if (!existsSync(RIC_ADDON)) {
    throw new Error(`aws-lambda-ric is not built in ${path.dirname(path.dirname(RIC_ADDON))}: run "PATH=${path.dirname(NODE24)}:$PATH npm ci" in test/fixtures/runtime/ric (bash .ci/run does it, cached)`);
  }
}

export function spec(name: string, over: Partial<FunctionSpec> & Pick<FunctionSpec, 'runtime' | 'handler' | 'codeDir'>): FunctionSpec {
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    environment: {},
    timeoutSeconds: 30,
    memoryMb: 256,
    source: 'test',
    ...over,
  };
}

export const ricFunction = (name: string, exportName: string, over: Partial<FunctionSpec> = {}) =>
  spec(name, { runtime: 'provided.al2023', handler: `app.${exportName}`, codeDir: path.join(RUNTIME_FIXTURES, 'ric-function'), environment: { NODE24 }, ...over });

export const bashFunction = (name: string, handler: string) =>
  spec(name, { runtime: 'provided.al2023', handler: `function.${handler}`, codeDir: path.join(RUNTIME_FIXTURES, 'bash-function') });
