// Lint: typescript-eslint recommended rules plus the layer boundaries of docs/ARCHITECTURE.md (Layers).
import tseslint from 'typescript-eslint';

/** Only src/extension (and the tests that run inside VS Code) may import `vscode`. */
export const vscodeBoundary = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (layer rule, see docs/ARCHITECTURE.md).' }],
  }],
};

/** The webview runs in a browser: no Node built-ins, and of src/ only src/shared (browser-safe by rule). */
const webviewBoundary = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'The webview cannot import vscode; talk to the host through src/shared/protocol.ts.' }],
    patterns: [{ group: ['node:*', '**/src/**', '!**/src/shared', '!**/src/shared/**'],
      message: 'The webview is browser code: import only src/shared and webview modules.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  { files: ['src/**/*.ts', 'test/unit/**/*.ts', 'test/webview/**/*.ts', 'bench/**/*.ts'], rules: vscodeBoundary },
  { files: ['src/extension/**/*.ts', 'test/integration/**/*.ts', 'bench/vscode/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['webview/**/*.ts'], rules: webviewBoundary },
);
