// Matches a request path against a deployed resource tree like API Gateway: literal path parts
// win over {variables}, which win over a greedy {proxy+}; a method matches exactly or via ANY.
import type { StoredMethod, StoredResource } from '../state/model';

export interface RouteMatch {
  resource: StoredResource;
  method: StoredMethod;
  pathParameters: Record<string, string>;
}

export function matchRoute(snapshot: StoredResource[], pathSegments: string[], verb: string): RouteMatch | undefined {
  const root = snapshot.find((r) => r.parentId === undefined);
  if (!root) return undefined;
  const children = new Map<string, StoredResource[]>();
  for (const r of snapshot) {
    if (r.parentId) (children.get(r.parentId) ?? children.set(r.parentId, []).get(r.parentId)!).push(r);
  }
  return walk(root, 0, {});

  function methodOf(r: StoredResource): StoredMethod | undefined {
    return r.resourceMethods[verb] ?? r.resourceMethods.ANY;
  }

  function walk(node: StoredResource, index: number, params: Record<string, string>): RouteMatch | undefined {
    if (index === pathSegments.length) {
      const method = methodOf(node);
      return method ? { resource: node, method, pathParameters: params } : undefined;
    }
    const segment = pathSegments[index]!;
    const kids = children.get(node.id) ?? [];
    const literal = kids.find((k) => k.pathPart === segment);
    const variable = kids.find((k) => k.pathPart?.startsWith('{') && !k.pathPart.endsWith('+}'));
    const greedy = kids.find((k) => k.pathPart?.endsWith('+}'));
    if (literal) {
      const m = walk(literal, index + 1, params);
      if (m) return m;
    }
    if (variable) {
      const m = walk(variable, index + 1, { ...params, [variable.pathPart!.slice(1, -1)]: segment });
      if (m) return m;
    }
    if (greedy) {
      const method = methodOf(greedy);
      if (method) return { resource: greedy, method, pathParameters: { ...params, [greedy.pathPart!.slice(1, -2)]: pathSegments.slice(index).join('/') } };
    }
    return undefined;
  }
}
