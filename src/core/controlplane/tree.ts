// Turns the flat resource list that GetResources returns (each with a parentId) into the
// path tree the UI shows. Order is stable: children sorted by path segment.
import type { ResourceInfo, ResourceTreeNode } from './types';

export function buildResourceTree(resources: readonly ResourceInfo[]): ResourceTreeNode[] {
  const nodes = new Map<string, ResourceTreeNode>();
  for (const resource of resources) nodes.set(resource.id, { resource, children: [] });
  const roots: ResourceTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.resource.parentId === undefined ? undefined : nodes.get(node.resource.parentId);
    // A resource whose parent is missing (not yet paged in, or an inconsistent server) is
    // shown at the top rather than dropped, so nothing the user owns becomes invisible.
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  // A parent cycle (A→B→A, an inconsistent server) would leave its members unreachable:
  // cut each cycle at one member and show that member at the top.
  const reachable = new Set<ResourceTreeNode>();
  const mark = (n: ResourceTreeNode): void => {
    if (reachable.has(n)) return;
    reachable.add(n);
    for (const c of n.children) mark(c);
  };
  for (const r of roots) mark(r);
  for (const node of nodes.values()) {
    if (reachable.has(node)) continue;
    const parent = nodes.get(node.resource.parentId!)!;
    parent.children.splice(parent.children.indexOf(node), 1);
    roots.push(node);
    mark(node);
  }
  const sortRec = (list: ResourceTreeNode[]): ResourceTreeNode[] => {
    list.sort((a, b) => comparePaths(a.resource.path, b.resource.path) || compareStrings(a.resource.id, b.resource.id));
    for (const n of list) sortRec(n.children);
    return list;
  };
  return sortRec(roots);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Plain code-point order: locale-independent, so every machine shows the same tree. */
export function comparePaths(a: string, b: string): number {
  return compareStrings(a, b);
}
