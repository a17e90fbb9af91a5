// The built-in sample's functions, declared as FunctionSpecs like a template's functions. Their
// code is real handler files (src/local/sample/functions, bundled to dist/sample/functions),
// run out of process through the Runtime API with the same bootstrap as any Node function.
import type { FunctionSpec } from '../functions/types';
import { sampleFunctionsDir } from '../runtime/assets';

export const SAMPLE_FUNCTIONS = {
  chat: 'streamgate-sample-chat',
  ndjson: 'streamgate-sample-ndjson',
  download: 'streamgate-sample-download',
  long: 'streamgate-sample-long',
} as const;

export const SAMPLE_REGION = 'us-east-1';
export const SAMPLE_ACCOUNT = '000000000000';

export function sampleFunctionArn(name: string): string {
  return `arn:aws:lambda:${SAMPLE_REGION}:${SAMPLE_ACCOUNT}:function:${name}`;
}

/** `scale` multiplies the sample's timings (tests use small values to stay fast). */
export function sampleFunctionSpecs(scale = 1): FunctionSpec[] {
  const codeDir = sampleFunctionsDir();
  return (Object.entries(SAMPLE_FUNCTIONS) as Array<[keyof typeof SAMPLE_FUNCTIONS, string]>).map(([file, name]) => ({
    name,
    arn: sampleFunctionArn(name),
    runtime: 'nodejs20.x',
    handler: `${file}.handler`,
    codeDir,
    environment: { SAMPLE_SCALE: String(scale) },
    // /long runs 35 s on purpose (over the 29 s BUFFERED limit), so the functions may run long.
    timeoutSeconds: 900,
    memoryMb: 512,
    invokeModeVariable: 'SAMPLE_INVOKE_MODE',
    source: 'built-in sample',
  }));
}
