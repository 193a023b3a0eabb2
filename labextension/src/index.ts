/**
 * The plugins of browsergrad-kernel, and its public interfaces. The MIME
 * renderers are a separate mime extension (`renderers/index.ts`).
 */
import { kernelPlugin } from './kernel/plugin';
import { settingsPlugin } from './kernel/settings';
import { labsPlugin } from './labs';
import { cellExecutorPlugin } from './labs/executor';
import testPanelPlugins from './panel';
import { sessionManagerPlugin } from './sessions/plugin';
import { stalePromptsPlugin } from './stop/stalePrompts';
import { stopModePlugin } from './stop/statusItem';

export * from './kernel/tokens';
export * from './worker/protocol';
export * from './panel/tokens';
export * from './labs/types';

export default [
  settingsPlugin,
  sessionManagerPlugin,
  kernelPlugin,
  stopModePlugin,
  stalePromptsPlugin,
  cellExecutorPlugin,
  labsPlugin,
  ...testPanelPlugins
];
