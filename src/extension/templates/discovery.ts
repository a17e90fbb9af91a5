// Finds what "Serve Template Locally" can serve in the workspace: template.yaml/.yml/.json,
// samconfig.toml, cdk.out folders and OpenAPI files with x-amazon-apigateway-integration — or
// exactly the paths the `streamgate.local.templates` setting lists. Sets the
// `streamgate.hasTemplates` context key that shows the view-title action.
import * as vscode from 'vscode';
import { readSettings } from '../platform/settings';

export interface TemplateCandidate {
  uri: vscode.Uri;
  kind: 'SAM / CloudFormation' | 'samconfig.toml' | 'cdk.out' | 'OpenAPI';
}

const EXCLUDE = '{**/node_modules/**,**/.aws-sam/**,**/.git/**}';
const MAX_OPENAPI_CANDIDATES = 200;
const SNIFF_BYTES = 256 * 1024;

export async function discoverTemplates(): Promise<TemplateCandidate[]> {
  const listed = readSettings().local.templates;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (listed.length) {
    const out: TemplateCandidate[] = [];
    for (const entry of listed) {
      for (const folder of folders) {
        const uri = vscode.Uri.joinPath(folder.uri, entry);
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          out.push({ uri, kind: stat.type & vscode.FileType.Directory ? 'cdk.out' : kindOfName(uri.path) });
          break;
        } catch { /* not in this folder */ }
      }
    }
    return out;
  }
  const [templates, samconfigs, manifests, yamls] = await Promise.all([
    vscode.workspace.findFiles('**/template.{yaml,yml,json}', EXCLUDE),
    vscode.workspace.findFiles('**/samconfig.toml', EXCLUDE),
    vscode.workspace.findFiles('**/cdk.out/manifest.json', '{**/node_modules/**}'),
    vscode.workspace.findFiles('**/*.{yaml,yml,json}', `{**/node_modules/**,**/.aws-sam/**,**/cdk.out/**,**/template.*,**/package*.json,**/tsconfig*.json,**/.vscode/**}`, MAX_OPENAPI_CANDIDATES),
  ]);
  const openApis: vscode.Uri[] = [];
  for (const uri of yamls) if (await isOpenApiWithIntegration(uri)) openApis.push(uri);
  const found: TemplateCandidate[] = [
    ...templates.map((uri) => ({ uri, kind: 'SAM / CloudFormation' as const })),
    ...samconfigs.map((uri) => ({ uri, kind: 'samconfig.toml' as const })),
    ...manifests.map((uri) => ({ uri: vscode.Uri.joinPath(uri, '..'), kind: 'cdk.out' as const })),
    ...openApis.map((uri) => ({ uri, kind: 'OpenAPI' as const })),
  ];
  return found.sort((a, b) => a.uri.path.localeCompare(b.uri.path));
}

function kindOfName(path: string): TemplateCandidate['kind'] {
  if (path.endsWith('samconfig.toml')) return 'samconfig.toml';
  return /(^|\/)template\.(ya?ml|json)$/.test(path) ? 'SAM / CloudFormation' : 'OpenAPI';
}

async function isOpenApiWithIntegration(uri: vscode.Uri): Promise<boolean> {
  try {
    const text = new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).slice(0, SNIFF_BYTES));
    return /["']?(openapi|swagger)["']?\s*:/.test(text) && text.includes('x-amazon-apigateway-integration');
  } catch {
    return false;
  }
}

/** Keeps `streamgate.hasTemplates` current as files come and go. */
export function watchForTemplates(onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/{template.yaml,template.yml,template.json,samconfig.toml,manifest.json,*.yaml,*.yml}', false, true, false);
  let timer: NodeJS.Timeout | undefined;
  const later = () => { clearTimeout(timer); timer = setTimeout(onChange, 500); };
  return vscode.Disposable.from(watcher, watcher.onDidCreate(later), watcher.onDidDelete(later), { dispose: () => clearTimeout(timer) });
}
