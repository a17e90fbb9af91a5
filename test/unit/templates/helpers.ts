// Shared by the template tests: a throwaway folder holding a template and its code folders.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const EXAMPLE = path.join(ROOT, 'examples/sam-streaming-chat/template.yaml');
export const CFN_FIXTURE = path.join(ROOT, 'test/fixtures/templates/cloudformation/template.yaml');
export const CDK_FIXTURE = path.join(ROOT, 'test/fixtures/templates/cdk.out');

/** Writes `files` (relative path → content) into a new temp folder; folders named in `dirs` are created empty. */
export function tempProject(files: Record<string, string>, dirs: string[] = ['src']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamgate-template-'));
  for (const d of dirs) fs.mkdirSync(path.join(dir, d), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export function removeProject(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A SAM template header followed by the given YAML (Globals/Resources…). */
export function sam(body: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n${body}`;
}

export function integrationOf(definition: Record<string, unknown>, route: string, verbKey: string): Record<string, unknown> {
  const item = (definition.paths as Record<string, Record<string, Record<string, unknown>>>)[route];
  assertDefined(item, `path ${route}`);
  const op = item[verbKey];
  assertDefined(op, `${verbKey} ${route}`);
  return op['x-amazon-apigateway-integration'] as Record<string, unknown>;
}

function assertDefined<T>(v: T | undefined, what: string): asserts v is T {
  if (v === undefined) throw new Error(`${what} is missing`);
}

/** The example's chat function has its own package.json; a fresh clone installs it here (never committed). */
export function installExampleDependencies(): void {
  const dir = path.join(path.dirname(EXAMPLE), 'chat');
  if (fs.existsSync(path.join(dir, 'node_modules', 'ms'))) return;
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm ci in ${dir} failed:\n${r.stderr}`);
}

