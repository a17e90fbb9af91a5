// Mocha root hooks for the webview tier (mocha --require test/webview/rootHooks.ts): one shared
// Chromium for every webview test file, closed once after the last one.
import { closeChromium } from './harness';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await closeChromium();
  },
};
