import * as vscode from 'vscode';
import type { StreamGateApi, StreamGateTestHooks } from '../../src/extension/extension';
import type { ApiNode, ConnectionNode, ErrorNode, MethodItem, ResourceItem, TreeNode } from '../../src/extension/tree/nodes';

// Tests are a separate bundle from the extension, so classes differ by identity: use `kind`.
export const isConnectionNode = (n: TreeNode | undefined): n is ConnectionNode => n?.kind === 'connection';
export const isApiNode = (n: TreeNode | undefined): n is ApiNode => n?.kind === 'api';
export const isErrorNode = (n: TreeNode | undefined): n is ErrorNode => n?.kind === 'error';
export const isMethodItem = (n: TreeNode | undefined): n is MethodItem => n?.kind === 'method';
export const isResourceItem = (n: TreeNode | undefined): n is ResourceItem => n?.kind === 'resource';

export const EXTENSION_ID = 'streamgate.streamgate';

/** What the extension exports to everyone (activating it first if needed). */
export async function getPublicApi(): Promise<StreamGateApi> {
  const ext = vscode.extensions.getExtension<StreamGateApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the test host`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** The extension's test hooks: exported only because VS Code runs it in ExtensionMode.Test here. */
export async function getApi(): Promise<StreamGateTestHooks> {
  const hooks = (await getPublicApi()).testHooks;
  if (!hooks) throw new Error(`${EXTENSION_ID} exported no test hooks: is VS Code running it in ExtensionMode.Test?`);
  return hooks;
}

/** The suites' common start: the local connection, the gateway on a free port, started. */
export async function startLocalConnection(): Promise<StreamGateTestHooks> {
  await setSetting('connection', 'local');
  await setSetting('local.port', 0);
  const api = await getApi();
  await api.local.start();
  return api;
}

/** Polls until the predicate returns a truthy value or the time runs out. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('streamgate').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function children(api: StreamGateTestHooks, node?: TreeNode): Promise<TreeNode[]> {
  return (await api.tree.getChildren(node)) as TreeNode[];
}

/** Expands the tree down to an API's method, the way a user would. */
export async function findMethod(api: StreamGateTestHooks, apiId: string, path: string, httpMethod = 'GET'): Promise<MethodItem> {
  const [root] = await children(api);
  if (!(isConnectionNode(root))) throw new Error(`the tree root is not a connection: ${root?.toTreeItem().label}`);
  const apis = await children(api, root);
  const apiNode = apis.find((n): n is ApiNode => isApiNode(n) && n.restApi.id === apiId);
  if (!apiNode) throw new Error(`API ${apiId} not in the tree (got ${apis.map((a) => a.toTreeItem().label).join(', ')})`);
  const queue: TreeNode[] = [...(await children(api, apiNode))];
  const seen: string[] = [];
  while (queue.length) {
    const n = queue.shift()!;
    seen.push(`${n.kind}:${n.toTreeItem().label}`);
    if (isMethodItem(n) && n.resource.path === path && n.httpMethod === httpMethod) return n;
    if (isResourceItem(n)) queue.push(...n.getChildren());
  }
  throw new Error(`${httpMethod} ${path} not found in the tree (saw ${seen.join(', ')})`);
}
