// Property tests (fast-check) for the control-plane core: mode-switch patches round-trip, and the
// resource tree holds every resource once with consistent parents.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyPatch, buildIntegrationPatch, buildResourceTree } from '../../../src/core/controlplane';
import type { ResourceInfo, ResourceTreeNode } from '../../../src/core/controlplane';
import { lambdaUriForMode } from '../../../src/core/rules/integrationRules';
import type { IntegrationSettings } from '../../../src/shared/model';
import { bufferedUri, countInputs, RUNS } from '../../fixtures/propertyInputs';

describe('control plane: properties (fast-check)', () => {
  const counted = countInputs();

  it('patches: switching a Lambda proxy BUFFERED → STREAM → BUFFERED restores the integration exactly, each plan equal to its `after`', () => {
    const settings = fc.record({ uri: bufferedUri, timeout: fc.integer({ min: 50, max: 29_000 }), httpMethod: fc.constantFrom('POST', 'GET') })
      .map(({ uri, timeout, httpMethod }): IntegrationSettings => ({ type: 'AWS_PROXY', uri, httpMethod, responseTransferMode: 'BUFFERED', timeoutInMillis: timeout }));
    const streamTimeout = fc.option(fc.integer({ min: 50, max: 900_000 }), { nil: undefined });
    fc.assert(fc.property(settings, streamTimeout, counted('patchRoundTrip', (original: IntegrationSettings, t: number | undefined) => {
      const toStream = buildIntegrationPatch(original, { responseTransferMode: 'STREAM', ...(t !== undefined ? { timeoutInMillis: t } : {}) });
      assert.ok(!('error' in toStream), JSON.stringify(toStream));
      const streamed = applyPatch(original, toStream.ops);
      assert.deepEqual(streamed, toStream.after);
      assert.equal(streamed.uri, lambdaUriForMode(original.uri!, 'STREAM'));
      assert.ok(toStream.ops.some((o) => o.path === '/uri'), 'the URI is rewritten in the same patch');
      const back = buildIntegrationPatch(streamed, { responseTransferMode: 'BUFFERED', timeoutInMillis: original.timeoutInMillis });
      assert.ok(!('error' in back), JSON.stringify(back));
      assert.deepEqual(applyPatch(streamed, back.ops), back.after);
      assert.deepEqual(back.after, original);
    })), RUNS);
  });

  it('resource tree: every resource appears exactly once, under its parent when the parent is listed, children sorted by path', () => {
    // A random forest in GetResources shape, shuffled, some parents not (yet) paged in.
    const forest = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(
      fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: n, maxLength: n }),
      fc.array(fc.constantFrom('a', 'b', 'chat', 'Chat', '{id}', '{proxy+}', 'v1', 'z-9', 'items'), { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      fc.array(fc.nat(), { minLength: n, maxLength: n }),
    )).map(([parents, parts, missing, order]) => {
      const nodes: ResourceInfo[] = [];
      parts.forEach((part, i) => {
        const p = parents[i];
        // Parents always come earlier: acyclic, as API Gateway guarantees.
        const parent = i === 0 || p === undefined ? undefined : nodes[p % i]!;
        const path = parent ? `${parent.path === '/' ? '' : parent.path}/${part}` : i === 0 ? '/' : `/${part}`;
        nodes.push({ id: `id${i}`, ...(parent ? { parentId: parent.id } : {}), path, pathPart: part, methods: {} });
      });
      const listed = nodes.filter((_, i) => i === 0 || !missing[i]);
      const shuffled = listed.map((n, i) => ({ n, k: order[i]! })).sort((a, b) => a.k - b.k).map((x) => x.n);
      return shuffled;
    });
    fc.assert(fc.property(forest, counted('resourceTree', (resources: ResourceInfo[]) => {
      const tree = buildResourceTree(resources);
      const seen = new Map<string, number>();
      const listed = new Set(resources.map((r) => r.id));
      const walk = (list: ResourceTreeNode[], parent: ResourceTreeNode | undefined): void => {
        for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.resource.path <= list[i]!.resource.path, 'children sorted by path');
        for (const node of list) {
          seen.set(node.resource.id, (seen.get(node.resource.id) ?? 0) + 1);
          if (parent) assert.equal(node.resource.parentId, parent.resource.id, 'child under its own parent');
          else assert.ok(node.resource.parentId === undefined || !listed.has(node.resource.parentId), 'a top-level node has no listed parent');
          walk(node.children, node);
        }
      };
      walk(tree, undefined);
      assert.equal(seen.size, resources.length, 'every resource is shown');
      for (const [id, n] of seen) assert.equal(n, 1, `${id} shown ${n} times`);
    })), { numRuns: 300 });
  });
});
