// A served template: load → apply, and with watch on, re-load and re-apply whenever the
// template (or a definition file it points at) changes — same API ids, redeployed to their
// stages, as `sam deploy` would. A broken edit is reported and the last good API keeps serving.
// Watches the folders, not the files: editors save by rename, which ends a file watch.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { FunctionSpec } from '../functions/types';
import { applyPlan, type AppliedApi } from './apply';
import { loadTemplate } from './load';
import type { TemplateOptions, TemplatePlan } from './types';

export interface TemplateSessionEvents {
  /** After every successful apply (the first and each re-import). */
  applied?(apis: AppliedApi[], plan: TemplatePlan, reason: 'start' | 'change'): void;
  /** A re-import failed; the previous API stays. */
  failed?(error: Error): void;
  /** The functions changed (a template edit): the runner should use these from now on. */
  functionsChanged?(functions: FunctionSpec[]): void;
}

const DEBOUNCE_MS = 150;

export class TemplateSession {
  plan: TemplatePlan | undefined;
  applied: AppliedApi[] = [];
  private readonly ids = new Map<string, string>();
  private watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private fingerprint = '';
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private client: APIGatewayClient | undefined;

  /** `previousIds`: the API ids an earlier session of the same template created, to re-import into. */
  constructor(readonly input: string, private readonly opts: TemplateOptions, private readonly events: TemplateSessionEvents = {}, previousIds?: ReadonlyMap<string, string>) {
    for (const [k, v] of previousIds ?? []) this.ids.set(k, v);
  }

  /** The control plane to import into (the local gateway's, once it listens). */
  connect(client: APIGatewayClient): void {
    this.client = client;
  }

  /** Loads the template (throws a TemplateError for a template problem). Call before starting the runner. */
  load(): TemplatePlan {
    this.plan = loadTemplate(this.input, this.opts);
    this.fingerprint = fingerprintOf(this.plan.watchFiles);
    return this.plan;
  }

  /** Imports and deploys the loaded plan. */
  async apply(reason: 'start' | 'change' = 'start'): Promise<AppliedApi[]> {
    const plan = this.plan ?? this.load();
    if (!this.client) throw new Error('TemplateSession.apply before connect(client)');
    this.applied = await applyPlan(this.client, plan, this.ids);
    for (const a of this.applied) this.ids.set(a.logicalId, a.apiId);
    this.events.applied?.(this.applied, plan, reason);
    return this.applied;
  }

  /** The API id of each logical id applied so far. */
  apiIds(): ReadonlyMap<string, string> {
    return this.ids;
  }

  /** Starts watching the plan's files; changes re-import (serialized, debounced). */
  watch(): void {
    if (!this.plan || this.closed) return;
    this.rewatch(this.plan.watchFiles);
  }

  /** Re-load and re-apply now (what a file change triggers). Resolves when done; never throws. */
  reload(): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      const before = this.plan;
      try {
        const plan = loadTemplate(this.input, this.opts);
        this.plan = plan;
        this.fingerprint = fingerprintOf(plan.watchFiles);
        await this.apply('change');
        if (JSON.stringify(before?.functions) !== JSON.stringify(plan.functions)) this.events.functionsChanged?.(plan.functions);
        if (plan.watchFiles.join('\n') !== before?.watchFiles.join('\n')) this.rewatch(plan.watchFiles);
      } catch (err) {
        this.plan = before;
        this.events.failed?.(err as Error);
      }
    });
    return this.queue;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private rewatch(files: string[]): void {
    for (const w of this.watchers) w.close();
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const names = byDir.get(path.dirname(f)) ?? new Set<string>();
      names.add(path.basename(f));
      byDir.set(path.dirname(f), names);
    }
    this.watchers = [...byDir].map(([dir, names]) => fs.watch(dir, (_event, name) => {
      if (name && !names.has(name.toString())) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        // Saves that change nothing (touch, an editor's double write) do not redeploy.
        if (this.plan && fingerprintOf(this.plan.watchFiles) === this.fingerprint) return;
        void this.reload();
      }, DEBOUNCE_MS);
    }));
  }
}

function fingerprintOf(files: string[]): string {
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(f);
    try { hash.update(fs.readFileSync(f)); } catch { hash.update('missing'); }
  }
  return hash.digest('hex');
}
