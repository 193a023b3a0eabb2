/**
 * The plugins of browsergrad-kernel that work in JupyterLite and in a
 * JupyterLab or Notebook server alike, and its public interfaces. Nothing
 * here may import `@jupyterlite/*`: the JupyterLite-only plugins (the kernel,
 * sessions, the Stop status item) are the separate extension of `lite.ts`.
 * The MIME renderers are a separate mime extension (`renderers/index.ts`).
 */
import { hostBridgePlugin } from './bridge/plugin';
import { submitPlugin } from './bridge/submit';
import { flowPlugin } from './flow/plugin';
import { settingsPlugin } from './kernel/settings';
import { labsPlugin } from './labs';
import { cellExecutorPlugin } from './labs/executor';
import testPanelPlugins from './panel';

export * from './kernel/tokens';
export * from './worker/protocol';
export * from './panel/tokens';
export * from './labs/types';
export * from './bridge/tokens';
export * from './flow/tokens';

export default [
  settingsPlugin,
  hostBridgePlugin,
  submitPlugin,
  cellExecutorPlugin,
  labsPlugin,
  flowPlugin,
  ...testPanelPlugins
];
