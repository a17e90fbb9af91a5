// One typed accessor for every `streamgate.*` setting declared in package.json.
import * as vscode from 'vscode';
import { DEFAULT_LONG_GAP_MS } from '../../shared/protocol';

export type ConnectionPreference = 'auto' | 'aws' | 'local';

export interface StreamGateSettings {
  connection: ConnectionPreference;
  profile: string;
  region: string;
  endpoint: string;
  bufferedTimeoutQuotaMs: number;
  local: { port: number; autoStart: boolean; sampleApi: boolean; statePath: string; handlerDirs: string[]; emulateAwsLimits: boolean; debugHeaders: boolean; templates: string[];
    vpcLinks: Record<string, string>; vpcEndpointId: string };
  console: { maxTimeSeconds: number; idleTimeoutSeconds: number; longGapMs: number; historySize: number };
}

export function readSettings(): StreamGateSettings {
  const c = vscode.workspace.getConfiguration('streamgate');
  return {
    connection: c.get<ConnectionPreference>('connection', 'auto'),
    profile: c.get<string>('profile', '').trim(),
    region: c.get<string>('region', 'us-east-1').trim() || 'us-east-1',
    endpoint: c.get<string>('endpoint', '').trim(),
    bufferedTimeoutQuotaMs: c.get<number>('bufferedTimeoutQuotaMs', 29_000),
    local: {
      port: c.get<number>('local.port', 4510),
      autoStart: c.get<boolean>('local.autoStart', true),
      sampleApi: c.get<boolean>('local.sampleApi', true),
      statePath: c.get<string>('local.statePath', '').trim(),
      handlerDirs: c.get<string[]>('local.handlerDirs', []),
      emulateAwsLimits: c.get<boolean>('local.emulateAwsLimits', true),
      debugHeaders: c.get<boolean>('local.debugHeaders', false),
      vpcLinks: c.get<Record<string, string>>('local.vpcLinks', {}),
      vpcEndpointId: c.get<string>('local.vpcEndpointId', '').trim(),
      templates: c.get<string[]>('local.templates', []),
    },
    console: {
      maxTimeSeconds: c.get<number>('console.maxTimeSeconds', 900),
      idleTimeoutSeconds: c.get<number>('console.idleTimeoutSeconds', 300),
      longGapMs: c.get<number>('console.longGapMs', DEFAULT_LONG_GAP_MS),
      historySize: c.get<number>('console.historySize', 50),
    },
  };
}
