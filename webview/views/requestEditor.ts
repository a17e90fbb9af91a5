// The request editor: method, URL, invoke-target picker, headers, body, auth and body format,
// with Send/Abort and copy-as actions. It only edits a RequestDraft; the host does the network.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { AuthKind, BodyFormat, HeaderEntry, InvokeTarget, Prefill, RequestDraft } from '../../src/shared/protocol';
import { BODY_FORMATS, CONSOLE_AUTH_KINDS } from '../../src/shared/protocol';
import { el, icon } from '../dom';
import * as l10n from '@vscode/l10n';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const AUTH_LABELS: Record<AuthKind, string> = {
  none: l10n.t('No auth'), apiKey: l10n.t('API key (x-api-key)'), bearer: l10n.t('Bearer token'), iam: 'IAM (SigV4)', custom: l10n.t('Custom headers'),
};
const FORMAT_LABELS: Record<BodyFormat, string> = { auto: l10n.t('Auto (Content-Type)'), sse: 'SSE', ndjson: 'NDJSON', text: l10n.t('Text') };

type Select = HTMLElementTagNameMap['vscode-single-select'];
type TextField = HTMLElementTagNameMap['vscode-textfield'];

export interface RequestEditorEvents {
  send(draft: RequestDraft): void;
  abort(): void;
  copy(draft: RequestDraft, format: 'curl' | 'fetch'): void;
  setApiKey(): void;
  clearApiKey(): void;
  formatChanged(format: BodyFormat): void;
  draftChanged(draft: RequestDraft): void;
}

export function defaultDraft(): RequestDraft {
  return { method: 'GET', url: '', headers: [], body: '', auth: { kind: 'none' }, format: 'auto' };
}

interface SelectOption { value: string; label: string }

function optionElements(options: SelectOption[], value: string): HTMLElement[] {
  return options.map((o) => {
    const opt = el('vscode-option', { text: o.label, attrs: { value: o.value } });
    if (o.value === value) opt.setAttribute('selected', '');
    return opt;
  });
}

function select(label: string, options: SelectOption[], value: string): Select {
  const s = el('vscode-single-select', { attrs: { 'aria-label': label } });
  s.append(...optionElements(options, value));
  return s;
}

/**
 * vscode-single-select reads each option's label from its innerText when the options are
 * slotted; inside a closed <details> nothing is rendered, innerText is empty and the select
 * shows blank labels. Re-slotting fresh options once the select is visible makes it read them again.
 */
function reslot(s: Select, options: SelectOption[]): void {
  s.replaceChildren(...optionElements(options, s.value));
}

function textField(label: string, value: string, placeholder = ''): TextField {
  const f = el('vscode-textfield', { attrs: { 'aria-label': label, placeholder } });
  f.value = value;
  return f;
}

export class RequestEditor {
  readonly element: HTMLElement;
  private draft: RequestDraft;
  private readonly method: Select;
  private readonly url: TextField;
  private readonly targets: Select;
  private readonly targetsWrap: HTMLElement;
  private readonly sendButton: HTMLElementTagNameMap['vscode-button'];
  private readonly abortButton: HTMLElementTagNameMap['vscode-button'];
  private readonly headerRows: HTMLElement;
  private readonly body: HTMLElementTagNameMap['vscode-textarea'];
  private readonly authKind: Select;
  private readonly authDetail: HTMLElement;
  private readonly format: Select;
  private readonly titleEl: HTMLElement;
  private prefillTitle = '';
  private prefillUrl = '';
  private hasApiKey = false;
  private invokeTargets: InvokeTarget[] = [];

  constructor(initial: RequestDraft, private readonly events: RequestEditorEvents) {
    this.draft = structuredClone(initial);
    this.titleEl = el('div', { className: 'request-title' });
    this.method = select(l10n.t('Method'), METHODS.map((m) => ({ value: m, label: m })), this.draft.method);
    this.method.classList.add('method');
    this.method.addEventListener('change', () => { this.draft.method = this.method.value; this.changed(); });
    this.url = textField('URL', this.draft.url, 'https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path}');
    this.url.classList.add('url');
    this.url.addEventListener('input', () => { this.draft.url = this.url.value; this.syncTitle(); this.syncTarget(); this.changed(); });
    this.url.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') this.send(); });
    this.targets = el('vscode-single-select', { attrs: { 'aria-label': l10n.t('Invoke target') } });
    this.targets.addEventListener('change', () => {
      const t = this.invokeTargets[Number(this.targets.value)];
      if (!t) return;
      if (t.method) this.setMethod(t.method);
      this.setUrl(t.url);
    });
    this.targetsWrap = el('div', { className: 'targets' }, el('span', { className: 'field-label', text: l10n.t('Target') }), this.targets);
    this.sendButton = el('vscode-button', { attrs: { 'data-action': 'send', title: l10n.t('Send (Enter in the URL)') } }, icon('play'), ` ${l10n.t('Send')}`);
    this.sendButton.addEventListener('click', () => this.send());
    this.abortButton = el('vscode-button', { attrs: { 'data-action': 'abort', secondary: '', disabled: '', title: l10n.t('Abort the running request') } }, icon('debug-stop'), ` ${l10n.t('Abort')}`);
    this.abortButton.addEventListener('click', () => this.events.abort());

    this.headerRows = el('div', { className: 'header-rows' });
    const addHeader = el('vscode-button', { attrs: { secondary: '', 'data-action': 'add-header' } }, icon('add'), ` ${l10n.t('Header')}`);
    addHeader.addEventListener('click', () => { this.draft.headers.push({ name: '', value: '', enabled: true }); this.renderHeaders(); this.changed(); });

    this.body = el('vscode-textarea', { className: 'body-input', attrs: { 'aria-label': l10n.t('Request body'), rows: '4', placeholder: l10n.t('Request body') } });
    this.body.value = this.draft.body;
    this.body.addEventListener('input', () => { this.draft.body = this.body.value; this.changed(); });

    const authOptions = CONSOLE_AUTH_KINDS.map((k) => ({ value: k, label: AUTH_LABELS[k] }));
    this.authKind = select(l10n.t('Auth'), authOptions, this.draft.auth.kind);
    this.authKind.addEventListener('change', () => { this.draft.auth = { kind: this.authKind.value as AuthKind }; this.renderAuth(); this.changed(); });
    this.authDetail = el('div', { className: 'auth-detail' });

    const formatOptions = BODY_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }));
    this.format = select(l10n.t('Parse as'), formatOptions, this.draft.format);
    this.format.addEventListener('change', () => {
      this.draft.format = this.format.value as BodyFormat;
      this.changed();
      this.events.formatChanged(this.draft.format);
    });

    const copyCurl = el('vscode-button', { attrs: { secondary: '', 'data-action': 'copy-curl', title: l10n.t('Copy as curl') } }, icon('terminal'), ' curl');
    copyCurl.addEventListener('click', () => this.events.copy(this.snapshot(), 'curl'));
    const copyFetch = el('vscode-button', { attrs: { secondary: '', 'data-action': 'copy-fetch', title: l10n.t('Copy as fetch-reader JavaScript') } }, icon('code'), ' fetch');
    copyFetch.addEventListener('click', () => this.events.copy(this.snapshot(), 'fetch'));

    const more = el('details', { className: 'request-more' },
        el('summary', { text: l10n.t('Headers, body, auth and format') }),
        el('div', { className: 'request-grid' },
          el('div', { className: 'field-label', text: l10n.t('Headers') }), el('div', {}, this.headerRows, addHeader),
          el('div', { className: 'field-label', text: l10n.t('Body') }), this.body,
          el('div', { className: 'field-label', text: l10n.t('Auth') }), el('div', { className: 'auth' }, this.authKind, this.authDetail),
          el('div', { className: 'field-label', text: l10n.t('Parse as') }), this.format,
          el('div', { className: 'field-label', text: l10n.t('Copy as') }), el('div', { className: 'copy-actions' }, copyCurl, copyFetch)));
    more.addEventListener('toggle', () => {
      if (!more.open) return;
      reslot(this.authKind, authOptions);
      reslot(this.format, formatOptions);
    });
    this.element = el('section', { className: 'request-editor', attrs: { 'aria-label': l10n.t('Request') } },
      this.titleEl,
      el('div', { className: 'request-line' }, this.method, this.url, this.sendButton, this.abortButton),
      this.targetsWrap,
      more);
    this.renderHeaders();
    this.renderAuth();
    this.setTargets([]);
  }

  /** The draft without the bearer token, for webview state that VS Code persists. */
  persistable(): RequestDraft {
    const d = structuredClone(this.draft);
    delete d.auth.bearerToken;
    return d;
  }

  snapshot(): RequestDraft {
    return structuredClone(this.draft);
  }

  setRunning(running: boolean): void {
    this.sendButton.toggleAttribute('disabled', running);
    this.abortButton.toggleAttribute('disabled', !running);
  }

  setApiKeyState(hasApiKey: boolean): void {
    this.hasApiKey = hasApiKey;
    this.renderAuth();
  }

  applyPrefill(p: Prefill): void {
    if (p.method) this.setMethod(p.method);
    if (p.url !== undefined) this.setUrl(p.url);
    if (p.headers) this.draft.headers = Object.entries(p.headers).map(([name, value]) => ({ name, value, enabled: true }));
    if (p.body !== undefined) { this.draft.body = p.body; this.body.value = p.body; }
    // The mode is not shown here: it is read from the stage at every Send and shown on the run.
    this.prefillTitle = p.title ?? '';
    this.prefillUrl = this.draft.url;
    this.syncTitle();
    this.renderHeaders();
    this.changed();
  }

  setTargets(targets: InvokeTarget[]): void {
    this.invokeTargets = targets;
    this.targets.replaceChildren(...targets.map((t, i) => el('vscode-option', { text: `${t.label} — ${t.url}`, attrs: { value: String(i) } })));
    this.targetsWrap.hidden = targets.length === 0;
    this.syncTarget();
    // The select takes in new options on slotchange (after this task) and then selects the first: correct it after.
    setTimeout(() => this.syncTarget(), 0);
  }

  /** The Target select shows the target the URL is, and none when the URL is no target's. */
  private syncTarget(): void {
    const i = this.invokeTargets.findIndex((t) => t.url === this.draft.url);
    if (i >= 0) this.targets.value = String(i);
    else this.targets.selectedIndex = -1;
  }

  private setMethod(method: string): void {
    this.draft.method = method.toUpperCase();
    this.method.value = this.draft.method;
  }

  private setUrl(url: string): void {
    this.draft.url = url;
    this.url.value = url;
    this.syncTitle();
    this.syncTarget();
    this.changed();
  }

  /** The heading names the opened method only while the URL is still the one it was opened with. */
  private syncTitle(): void {
    this.titleEl.textContent = this.draft.url === this.prefillUrl ? this.prefillTitle : '';
  }

  private send(): void {
    if (this.sendButton.hasAttribute('disabled')) return;
    if (!this.draft.url.trim()) { this.url.focus(); return; }
    this.events.send(this.snapshot());
  }

  private changed(): void {
    this.events.draftChanged(this.persistable());
  }

  private renderHeaders(): void {
    this.headerRows.replaceChildren(...this.draft.headers.map((h: HeaderEntry, i) => {
      const enabled = el('input', { attrs: { type: 'checkbox', 'aria-label': l10n.t('Send this header') } });
      enabled.checked = h.enabled;
      enabled.addEventListener('change', () => { h.enabled = enabled.checked; this.changed(); });
      const name = textField(l10n.t('Header name'), h.name, l10n.t('Name'));
      name.addEventListener('input', () => { h.name = name.value; this.changed(); });
      const value = textField(l10n.t('Header value'), h.value, l10n.t('Value'));
      value.addEventListener('input', () => { h.value = value.value; this.changed(); });
      const remove = el('vscode-button', { attrs: { secondary: '', 'icon-only': '', title: l10n.t('Remove header'), 'aria-label': l10n.t('Remove header') } }, icon('trash'));
      remove.addEventListener('click', () => { this.draft.headers.splice(i, 1); this.renderHeaders(); this.changed(); });
      return el('div', { className: 'header-row' }, enabled, name, value, remove);
    }));
  }

  private renderAuth(): void {
    const kind = this.draft.auth.kind;
    const parts: Node[] = [];
    if (kind === 'apiKey') {
      const set = el('vscode-button', { attrs: { secondary: '', 'data-action': 'set-api-key' } }, icon('key'), ` ${this.hasApiKey ? l10n.t('Change API key…') : l10n.t('Set API key…')}`);
      set.addEventListener('click', () => this.events.setApiKey());
      parts.push(el('span', { className: 'auth-state', text: this.hasApiKey ? l10n.t('API key stored in VS Code secret storage.') : l10n.t('No API key stored.') }), set);
      if (this.hasApiKey) {
        const clear = el('vscode-button', { attrs: { secondary: '', 'data-action': 'clear-api-key' } }, ` ${l10n.t('Forget')}`);
        clear.addEventListener('click', () => this.events.clearApiKey());
        parts.push(clear);
      }
    } else if (kind === 'bearer') {
      const token = el('vscode-textfield', { attrs: { type: 'password', 'aria-label': l10n.t('Bearer token'), placeholder: l10n.t('Token (not saved)') } });
      token.value = this.draft.auth.bearerToken ?? '';
      token.addEventListener('input', () => { this.draft.auth.bearerToken = token.value; });
      parts.push(token);
    } else if (kind === 'iam') {
      const region = textField(l10n.t('Region'), this.draft.auth.region ?? '', l10n.t('Region (from the URL if empty)'));
      region.addEventListener('input', () => { this.draft.auth.region = region.value || undefined; this.changed(); });
      parts.push(region, el('span', { className: 'auth-state', text: l10n.t('Signed with SigV4 (execute-api) using your AWS credentials.') }));
    }
    this.authDetail.replaceChildren(...parts);
  }
}
