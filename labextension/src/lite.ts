/**
 * The JupyterLite-only plugins of browsergrad-kernel, built as a second
 * federated extension, `browsergrad-kernel-lite` (package `lite/`): the
 * Pyodide kernel, the session manager that keeps sessions apart by path, the
 * Stop status item of browsergrad kernels, the clean-up of their
 * cancelled prompts, and the hand-over of files chosen in flows.
 *
 * They need JupyterLite's services (`@jupyterlite/*`), which a JupyterLab
 * server does not have, so this extension only goes into built Lite sites
 * (the `jupyter lite build` addon copies it there); it is never installed
 * where JupyterLab looks. Its tokens come from the main extension: the lite
 * build maps the token modules to the shared `browsergrad-kernel` package
 * (lite/webpack.config.js), so both extensions hold the same token objects.
 */
import { flowFilesPlugin } from './flow/filesPlugin';
import { kernelPlugin } from './kernel/plugin';
import { sessionManagerPlugin } from './sessions/plugin';
import { stalePromptsPlugin } from './stop/stalePrompts';
import { stopModePlugin } from './stop/statusItem';

export default [
  sessionManagerPlugin,
  kernelPlugin,
  stopModePlugin,
  stalePromptsPlugin,
  flowFilesPlugin
];
