/**
 * The JupyterLite plugin that registers the "Python (browsergrad)" kernel.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { IServiceWorkerManager } from '@jupyterlite/apputils';
import { IKernelSpecs } from '@jupyterlite/services';

import ICON_SVG from '../style/icons/browsergrad.svg';
import { BrowsergradKernel } from './kernel';
import { labsPlugin } from './labs';
import { WorkerPool, whenControlled } from './pool';
import { loadSettings } from './settings';
import {
  IKernelSettings,
  IWorkerPool,
  KERNEL_DISPLAY_NAME,
  KERNEL_NAME,
  PLUGIN_ID
} from './tokens';

export * from './tokens';

const ICON_URL = `data:image/svg+xml;base64,${btoa(ICON_SVG)}`;

/** Start a spare worker once the page has nothing better to do. */
function whenIdle(callback: () => void): void {
  if ('requestIdleCallback' in window) {
    window.requestIdleCallback(callback, { timeout: 10000 });
  } else {
    setTimeout(callback, 2000);
  }
}

const kernelPlugin: JupyterFrontEndPlugin<IWorkerPool> = {
  id: PLUGIN_ID,
  description: 'The browsergrad Pyodide kernel.',
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IServiceWorkerManager],
  provides: IWorkerPool,
  activate: (
    app: JupyterFrontEnd,
    kernelspecs: IKernelSpecs,
    serviceWorkers: IServiceWorkerManager | null
  ): IWorkerPool => {
    let settings: IKernelSettings | null = null;
    let settingsError: Error | null = null;
    try {
      settings = loadSettings();
    } catch (error) {
      settingsError = error as Error;
      console.error(settingsError.message);
    }
    const pool = new WorkerPool(() => {
      if (!settings) {
        throw settingsError;
      }
      return settings;
    });
    // Workers reach files and stdin through the service worker, so they
    // start once it controls the page (at once on later visits).
    const controlled = whenControlled(serviceWorkers?.ready, 3000);
    if (settings?.prewarm) {
      void controlled.then(() => pool.prewarm());
    }

    kernelspecs.register({
      spec: {
        name: KERNEL_NAME,
        display_name: KERNEL_DISPLAY_NAME,
        language: 'python',
        argv: [],
        resources: { 'logo-32x32': ICON_URL, 'logo-64x64': ICON_URL }
      },
      create: async options => {
        await controlled;
        const worker = pool.take();
        if (!worker.controlled) {
          console.warn(
            'browsergrad: the service worker is not active, so the kernel ' +
              'cannot see the notebook files (/drive) or answer input().'
          );
        }
        const kernel = new BrowsergradKernel({
          ...options,
          worker,
          attach: {
            baseUrl: new URL(PageConfig.getBaseUrl(), window.location.href)
              .href,
            mountDrive: !!serviceWorkers?.enabled && worker.controlled,
            browsingContextId: worker.controlled
              ? serviceWorkers?.browsingContextId
              : undefined
          },
          log: (level, text) =>
            level === 'critical' ? console.error(text) : console.log(text)
        });
        // A spare for the next kernel or restart, once this one is settled.
        if (settings?.prewarm) {
          kernel.ready.then(
            () => setTimeout(() => whenIdle(() => pool.prewarm()), 5000),
            () => undefined
          );
        }
        return kernel;
      }
    });
    return pool;
  }
};

export default [kernelPlugin, labsPlugin];
