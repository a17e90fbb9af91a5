// The phase bar: DNS, connect, TLS, request sent, headers, first byte and end as proportional
// segments of the run's timeline, with each marker's time below.
import { el, fmtMs } from '../dom';
import type { PhaseTimings } from '../../src/shared/timeline';
import * as l10n from '@vscode/l10n';

interface Segment { key: keyof PhaseTimings; label: string; className: string }

// Each segment ends at its phase mark and starts at the previous mark that exists.
const SEGMENTS: Segment[] = [
  { key: 'dnsMs', label: 'DNS', className: 'ph-dns' },
  { key: 'connectMs', label: l10n.t('Connect'), className: 'ph-connect' },
  { key: 'tlsMs', label: 'TLS', className: 'ph-tls' },
  { key: 'requestSentMs', label: l10n.t('Sent'), className: 'ph-sent' },
  { key: 'headersMs', label: l10n.t('Headers'), className: 'ph-headers' },
  { key: 'ttfbMs', label: l10n.t('First byte'), className: 'ph-ttfb' },
  { key: 'endMs', label: l10n.t('End'), className: 'ph-end' },
];

export class PhaseBarView {
  readonly element: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly segs = new Map<keyof PhaseTimings, { seg: HTMLElement; value: HTMLElement; item: HTMLElement }>();

  constructor() {
    this.bar = el('div', { className: 'phase-bar', attrs: { role: 'img', 'aria-label': l10n.t('Request phases') } });
    this.legend = el('div', { className: 'phase-legend' });
    for (const s of SEGMENTS) {
      const seg = el('div', { className: `phase-seg ${s.className}` });
      const value = el('span', { className: 'phase-value', text: '—' });
      const item = el('span', { className: `phase-item ${s.className}`, attrs: { 'data-phase': s.key } },
        el('span', { className: 'phase-swatch' }), el('span', { className: 'phase-label', text: s.label }), value);
      this.bar.append(seg);
      this.legend.append(item);
      this.segs.set(s.key, { seg, value, item });
    }
    this.element = el('section', { className: 'phases', attrs: { 'aria-label': l10n.t('Phases') } }, this.bar, this.legend);
  }

  /**
   * `nowMs` stretches the bar while the run is live (the end is not known yet). A failed run's
   * end is drawn as a failure (red, "Failed"), never as the green end of a good run.
   */
  update(timing: PhaseTimings, nowMs: number | null, failed = false): void {
    const end = this.segs.get('endMs')!;
    end.seg.classList.toggle('failed', failed);
    end.item.classList.toggle('failed', failed);
    end.item.querySelector('.phase-label')!.textContent = failed ? l10n.t('Failed') : l10n.t('End');
    const span = Math.max(timing.endMs ?? 0, nowMs ?? 0, ...SEGMENTS.map((s) => timing[s.key] ?? 0), 0.001);
    let prev = 0;
    for (const s of SEGMENTS) {
      const parts = this.segs.get(s.key)!;
      const at = timing[s.key];
      parts.value.textContent = fmtMs(at);
      parts.item.classList.toggle('missing', at === null);
      if (at === null) {
        parts.seg.hidden = true;
        continue;
      }
      parts.seg.hidden = false;
      const width = Math.max(0, at - prev);
      parts.seg.style.flexGrow = String(width / span);
      parts.seg.title = `${s.label}: ${fmtMs(prev)} → ${fmtMs(at)} (${fmtMs(width)})`;
      prev = Math.max(prev, at);
    }
  }
}
