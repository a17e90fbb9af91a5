// Entry point: a path (template.yaml/.yml/.json, a cdk.out folder or one of its
// *.template.json, samconfig.toml, or an OpenAPI file) → a TemplatePlan. Decides the kind from
// the content (Transform, Resources, openapi/swagger), never from the file name alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { translateCloudFormation, type TranslateContext, type Translation } from './cloudFormation';
import { originsInDefinition, titleOf } from './definition';
import { translateSam } from './sam';
import { samconfigParameterOverrides } from './samconfig';
import { SkippedResources } from './skipped';
import { Stack } from './stack';
import { parseTemplateText } from './yamlTags';
import { DEFAULT_REGION, TemplateError, type TemplateKind, type TemplateOptions, type TemplatePlan } from './types';

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
const TEMPLATE_NAMES = ['template.yaml', 'template.yml', 'template.json'];

export function loadTemplate(input: string, opts: TemplateOptions = {}): TemplatePlan {
  const source = path.resolve(input);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new TemplateError(`${input}: no such file or folder`);
  }
  if (stat.isDirectory()) {
    if (isCdkOut(source)) return loadCdkOut(source, opts);
    const found = TEMPLATE_NAMES.map((n) => path.join(source, n)).find((f) => fs.existsSync(f));
    if (!found) throw new TemplateError(`${input}: a folder with neither a template (${TEMPLATE_NAMES.join(', ')}) nor a cdk.out manifest`);
    return loadTemplate(found, opts);
  }
  if (path.basename(source) === 'samconfig.toml') return loadSamconfig(source, opts);
  if (source.endsWith('.template.json') && isCdkOut(path.dirname(source))) return loadCdkOut(path.dirname(source), opts, source);
  const doc = parseTemplateText(fs.readFileSync(source, 'utf8'), source);
  if (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') return loadOpenApi(source, doc, opts);
  if (!doc.Resources || typeof doc.Resources !== 'object') {
    throw new TemplateError(`${source}: neither a CloudFormation/SAM template (no Resources) nor an OpenAPI document (no openapi/swagger field)`);
  }
  const sam = [doc.Transform].flat().includes(SAM_TRANSFORM);
  const stackName = opts.stackName ?? stackNameFrom(path.basename(path.dirname(source)));
  return planFrom(sam ? 'sam' : 'cloudformation', source, [translateStack(doc, source, stackName, path.dirname(source), opts, sam, false)], opts, stackName);
}

interface StackResult { translation: Translation; warning?: string }

function translateStack(doc: Record<string, unknown>, file: string, stackName: string, baseDir: string, opts: TemplateOptions, sam: boolean, generated: boolean): StackResult {
  const stack = new Stack(doc, file, stackName, opts);
  const ctx: TranslateContext = { stack, baseDir, opts, skipped: new SkippedResources(), generated, handled: new Set() };
  const translation = sam ? translateSam(ctx) : translateCloudFormation(ctx);
  return { translation, warning: ctx.skipped.warning(path.basename(file)) };
}

function planFrom(kind: TemplateKind, source: string, results: StackResult[], opts: TemplateOptions, stackName: string): TemplatePlan {
  const files = [source, ...results.flatMap((r) => r.translation.watchFiles)];
  const plan: TemplatePlan = {
    kind, source, stackName, region: opts.region ?? DEFAULT_REGION,
    apis: results.flatMap((r) => r.translation.apis),
    functions: results.flatMap((r) => r.translation.functions),
    watchFiles: [...new Set(files.filter((f) => fs.existsSync(f) && fs.statSync(f).isFile()))],
    warnings: results.flatMap((r) => (r.warning ? [r.warning] : [])),
  };
  const names = new Map<string, string>();
  for (const f of plan.functions) {
    const other = names.get(f.name);
    if (other) throw new TemplateError(`${source}: two functions are named ${f.name} (${other} and ${f.source}); function names must be unique`);
    names.set(f.name, f.source);
  }
  return plan;
}

function loadOpenApi(file: string, doc: Record<string, unknown>, opts: TemplateOptions): TemplatePlan {
  const name = titleOf(doc) ?? path.basename(file);
  const api = {
    logicalId: path.basename(file), name, definition: doc, stages: [{ stageName: opts.openApiStage ?? 'dev' }],
    origins: originsInDefinition(doc, file, [], path.basename(file)),
  };
  const translation: Translation = { apis: [api], functions: [], watchFiles: [] };
  return planFrom('openapi', file, [{ translation }], opts, opts.stackName ?? stackNameFrom(name));
}

function isCdkOut(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'manifest.json')) && fs.readdirSync(dir).some((f) => f.endsWith('.template.json'));
}

/** cdk.out: every stack artifact of manifest.json (or every *.template.json), assets relative to cdk.out. */
function loadCdkOut(dir: string, opts: TemplateOptions, only?: string): TemplatePlan {
  let manifest: Record<string, unknown> = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new TemplateError(`${path.join(dir, 'manifest.json')}: not valid JSON: ${(err as Error).message}`);
  }
  const stacks: Array<{ name: string; file: string }> = [];
  for (const [id, raw] of Object.entries((manifest.artifacts ?? {}) as Record<string, Record<string, unknown>>)) {
    if (raw?.type !== 'aws:cloudformation:stack') continue;
    const props = (raw.properties ?? {}) as Record<string, unknown>;
    if (typeof props.templateFile !== 'string') continue;
    stacks.push({ name: typeof props.stackName === 'string' ? props.stackName : id, file: path.join(dir, props.templateFile) });
  }
  if (stacks.length === 0) {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.template.json'))) stacks.push({ name: f.replace(/\.template\.json$/, ''), file: path.join(dir, f) });
  }
  const chosen = only ? stacks.filter((s) => path.resolve(s.file) === path.resolve(only)) : stacks;
  if (chosen.length === 0) throw new TemplateError(`${dir}: the cdk.out manifest lists no stack${only ? ` with template ${path.basename(only)}` : ''}`);
  const results = chosen.map((s) => translateStack(parseTemplateText(fs.readFileSync(s.file, 'utf8'), s.file), s.file, opts.stackName ?? s.name, dir, opts, false, true));
  const plan = planFrom('cdk', dir, results, opts, opts.stackName ?? chosen[0]!.name);
  plan.watchFiles = [...new Set([...chosen.map((s) => s.file), path.join(dir, 'manifest.json'), ...plan.watchFiles.filter((f) => f !== dir)])];
  return plan;
}

/** samconfig.toml: the template beside it (or its template_file) with its parameter_overrides. */
function loadSamconfig(file: string, opts: TemplateOptions): TemplatePlan {
  const { templateFile, parameterOverrides } = samconfigParameterOverrides(fs.readFileSync(file, 'utf8'));
  const dir = path.dirname(file);
  const template = templateFile ? path.resolve(dir, templateFile) : TEMPLATE_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
  if (!template) throw new TemplateError(`${file}: no template_file set and no ${TEMPLATE_NAMES.join('/')} beside it`);
  const plan = loadTemplate(template, { ...opts, parameterOverrides: { ...parameterOverrides, ...opts.parameterOverrides } });
  plan.watchFiles.push(file);
  return plan;
}

/** CloudFormation stack names: letters, digits and hyphens, starting with a letter. */
function stackNameFrom(raw: string): string {
  const name = raw.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z]+/, '').slice(0, 128);
  return name || 'streamgate-local';
}
