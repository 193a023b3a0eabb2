/**
 * The JupyterLite plugin that registers the "Python (browsergrad)" kernel.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IServiceWorkerManager } from '@jupyterlite/apputils';
import { IKernelClient, IKernelSpecs } from '@jupyterlite/services';

import ICON_SVG from '../../style/icons/browsergrad.svg';
import { routeInterrupts } from './interruptRoute';
import { isolateWithServiceWorker } from './isolation';
import { announceRestarts } from './restartNotice';
import { IPromptRequest, PROMPT_ROUTE, PromptAnswer } from '../worker/protocol';
import { BrowsergradKernel } from './kernel';
import { WorkerPool, whenControlled } from './pool';
import {
  ISiteSettings,
  IWorkerPool,
  KERNEL_DISPLAY_NAME,
  KERNEL_NAME,
  PLUGIN_ID
} from './tokens';

const ICON_URL = `data:image/svg+xml;base64,${btoa(ICON_SVG)}`;

/** The metadata of a cell in any open notebook, by cell id. */
function cellMetadataFinder(
  notebooks: INotebookTracker | null
): (cellId: string) => Record<string, unknown> | undefined {
  return cellId => {
    let found: Record<string, unknown> | undefined;
    notebooks?.forEach(panel => {
      const cells = panel.content.model?.cells;
      for (let i = 0; !found && cells && i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.id === cellId) {
          found = cell.metadata as Record<string, unknown>;
        }
      }
    });
    return found;
  };
}

export const kernelPlugin: JupyterFrontEndPlugin<IWorkerPool> = {
  id: PLUGIN_ID,
  description: 'The browsergrad Pyodide kernel.',
  autoStart: true,
  requires: [IKernelSpecs, ISiteSettings],
  optional: [IServiceWorkerManager, IKernelClient, INotebookTracker],
  provides: IWorkerPool,
  activate: (
    app: JupyterFrontEnd,
    kernelspecs: IKernelSpecs,
    site: ISiteSettings,
    serviceWorkers: IServiceWorkerManager | null,
    kernelClient: IKernelClient | null,
    notebooks: INotebookTracker | null
  ): IWorkerPool => {
    const { settings, error: settingsError } = site;
    if (settingsError) {
      console.error(settingsError.message);
    }
    const kernelSettings = () => {
      if (!settings) {
        throw settingsError;
      }
      return settings;
    };
    const pool = new WorkerPool(kernelSettings);
    if (settings?.isolationServiceWorker) {
      isolateWithServiceWorker(serviceWorkers?.ready);
    }
    const kernels = routeInterrupts(kernelClient);
    serviceWorkers?.registerStdinHandler(
      PROMPT_ROUTE,
      async (request: IPromptRequest): Promise<PromptAnswer> =>
        kernels.get(request?.kernelId)?.answerPrompt(request) ?? {
          error: `no kernel ${request?.kernelId} on this page`
        }
    );
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
        const { timeLimit, outputLimit } = kernelSettings();
        await controlled;
        if (!navigator.serviceWorker?.controller) {
          console.warn(
            'browsergrad: the service worker is not active, so the kernel ' +
              'cannot see the notebook files (/drive) or answer input().'
          );
        }
        const active = !!navigator.serviceWorker?.controller;
        const kernel = new BrowsergradKernel({
          ...options,
          pool,
          attach: {
            baseUrl: new URL(PageConfig.getBaseUrl(), window.location.href)
              .href,
            mountDrive: !!serviceWorkers?.enabled && active,
            browsingContextId: active
              ? serviceWorkers?.browsingContextId
              : undefined
          },
          log: (level, text) =>
            level === 'critical' ? console.error(text) : console.log(text),
          cellMetadata: cellMetadataFinder(notebooks),
          timeLimit,
          outputLimit
        });
        kernels.add(kernel);
        announceRestarts(kernel, notebooks);
        return kernel;
      }
    });
    return pool;
  }
};
