// `streamgate local --template PATH`: serve the developer's own SAM / CloudFormation / cdk.out /
// OpenAPI API on the local gateway, print its routes, and with --watch re-import on every change.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import { createApiGatewayClient } from '../../core/controlplane/client';
import type { FunctionSpec } from '../../local/functions/types';
import type { LocalGateway } from '../../local/index';
import { parseParameterOverrides, TemplateSession, type AppliedApi, type TemplateOptions, type TemplatePlan } from '../../local/templates';
import { UsageError } from '../args';

export interface TemplateFlags {
  template: string;
  parameterOverrides: string[];
  envVarsFile?: string;
  watch: boolean;
  region?: string;
}

/**
 * SAM CLI's --parameter-overrides takes several Key=Value words after one flag; the shared
 * parser takes one value per flag, so the extra words are folded into that value here.
 */
export function foldParameterOverrides(argv: string[]): { argv: string[]; overrides: string[] } {
  const rest: string[] = [];
  const overrides: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--parameter-overrides=')) { overrides.push(arg.slice('--parameter-overrides='.length)); continue; }
    if (arg !== '--parameter-overrides') { rest.push(arg); continue; }
    if (i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) throw new UsageError(l10n.t('--parameter-overrides needs Key=Value'));
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) overrides.push(argv[++i]!);
  }
  return { argv: rest, overrides };
}

export function templateOptions(flags: TemplateFlags): TemplateOptions {
  let envVars: TemplateOptions['envVars'];
  if (flags.envVarsFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(flags.envVarsFile, 'utf8'));
    } catch (err) {
      throw new UsageError(`--env-vars ${flags.envVarsFile}: ${(err as Error).message.split('\n')[0]}`); // l10n-exempt: flag and the parser's message
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => !v || typeof v !== 'object' || Array.isArray(v))) {
      throw new UsageError(l10n.t('--env-vars {0}: expected {1}', flags.envVarsFile, '{"FunctionLogicalId": {"VAR": "value"}, "Parameters": {"VAR": "value"}}'));
    }
    envVars = parsed as TemplateOptions['envVars'];
  }
  let parameterOverrides: Record<string, string>;
  try {
    parameterOverrides = parseParameterOverrides(flags.parameterOverrides);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { parameterOverrides, envVars, region: flags.region };
}

/** Loads the template before the gateway starts, so a template error exits at once with its message. */
export function loadTemplateSession(flags: TemplateFlags, write: (line: string) => void): { session: TemplateSession; plan: TemplatePlan; connect(gateway: LocalGateway): Promise<void> } {
  const opts = templateOptions(flags);
  let gatewayRef: LocalGateway | undefined;
  const events = {
    applied: (apis: AppliedApi[], plan: TemplatePlan, reason: 'start' | 'change') => {
      if (reason === 'change') write(l10n.t('Template changed: re-imported {0}', apis.map((a) => `${a.logicalId} (${a.apiId}) → ${a.stages.join(', ') || l10n.t('no stage')}`).join('; ')));
      if (gatewayRef) printRoutes(gatewayRef, apis, plan, write);
    },
    failed: (err: Error) => write(l10n.t('Template change not applied (the previous API keeps serving): {0}', err.message)),
    functionsChanged: (functions: FunctionSpec[]) => {
      // A changed declaration gets fresh runtime processes on its next invocation.
      for (const f of functions) gatewayRef?.functions.declare(f);
      write(l10n.t('Functions changed in the template: {0} use the new settings from their next invocation', functions.map((f) => f.name).join(', ')));
    },
  };
  const session = new TemplateSession(flags.template, opts, events);
  const plan = session.load();
  for (const w of plan.warnings) write(l10n.t('warning: {0}', w));
  return {
    session,
    plan,
    connect: async (gateway) => {
      gatewayRef = gateway;
      session.connect(createApiGatewayClient({ region: opts.region ?? 'us-east-1', endpoint: gateway.url }));
      await session.apply('start');
      if (flags.watch) {
        session.watch();
        write(l10n.t('Watching {0} file(s) for changes: {1}', plan.watchFiles.length, plan.watchFiles.join(', ')));
      }
    },
  };
}

function printRoutes(gateway: LocalGateway, apis: AppliedApi[], plan: TemplatePlan, write: (line: string) => void): void {
  for (const api of apis) {
    const stages = api.stages.join(', ') || l10n.t('(none: the template deploys it to no stage)');
    write(api.stages.length === 1 ? l10n.t('{0} API {1} "{2}" ({3}), stage {4}:', plan.kind, api.logicalId, api.name, api.apiId, stages)
      : l10n.t('{0} API {1} "{2}" ({3}), stages {4}:', plan.kind, api.logicalId, api.name, api.apiId, stages));
    const stage = api.stages[0];
    for (const r of api.routes) {
      const url = stage ? gateway.invokeUrl(api.apiId, stage, r.path) : r.path;
      const fn = /functions\/arn:aws:lambda:[^:]+:\d+:function:([A-Za-z0-9_-]+)/.exec(r.uri ?? '')?.[1];
      write(`  ${r.httpMethod.padEnd(6)} ${url}  ${r.type} ${r.mode}${r.timeoutInMillis ? ` ${r.timeoutInMillis} ms` : ''}${fn ? ` → ${fn}` : ''}`);
    }
  }
  write(l10n.t('Serving {0} REST API(s) and {1} function(s) from {2}', apis.length, plan.functions.length, plan.source));
}
