// Webview entry: validates every message from the host (src/shared/protocol.ts) and hands the
// good ones to the app. Says `ready` first, so the host knows when messages will be received.
// First: the display language's bundle must be configured before any view module is evaluated.
import './l10n';
import './styles.css';
import 'uplot/dist/uPlot.min.css';
import { describeRejected, isHostToWebview, isSavedConsoleState } from '../src/shared/protocol';
import { ConsoleApp } from './app';
import { loadState, post } from './vscodeApi';

// Saved state from an older version may not fit today's shape: the protocol guard re-checks it.
const app = new ConsoleApp(loadState(isSavedConsoleState));
document.body.append(app.element);

window.addEventListener('message', (event: MessageEvent) => {
  const msg: unknown = event.data;
  if (!isHostToWebview(msg)) {
    // Dropped, and reported to the host's log (type only, never content).
    post({ type: 'webviewError', message: `dropped invalid message: ${describeRejected(msg)}` });
    return;
  }
  try {
    app.handle(msg);
  } catch (err) {
    post({ type: 'webviewError', message: `failed to handle ${msg.type}: ${err instanceof Error ? err.message : String(err)}` });
  }
});

window.addEventListener('error', (e) => post({ type: 'webviewError', message: String(e.message) }));

post({ type: 'ready' });
