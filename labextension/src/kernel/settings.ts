/**
 * The kernel's site settings (`litePluginSettings` in jupyter-lite.json),
 * read and checked once by the settings plugin, and handed to every plugin
 * that needs them through the `ISiteSettings` token.
 *
 * The reference is the JSON Schema the build checks them with,
 * browsergrad_kernel/schema/kernel-settings.v1.schema.json.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { Token } from '@lumino/coreutils';

import type { IOutputLimit } from '../output/outputLimit';
import { PLUGIN_ID } from '../tokens';
import { checkSettings } from './settingsCheck';

/** The settings, valid against the schema, defaults filled in. */
export interface IKernelSettings {
  /** Absolute URL of `pyodide.mjs`. */
  pyodideUrl: string;
  /** Absolute URL of the site's `pyodide-lock.json`. */
  lockFileUrl: string;
  /** Warehouse-like indexes that `%pip install` reads (absolute URLs). */
  pipliteUrls: string[];
  /** Lock packages loaded while Pyodide starts. */
  preloadPackages: string[];
  /** Start a worker as soon as the app loads. */
  prewarm: boolean;
  /** Default time limit of a cell in seconds; null for none. */
  timeLimit: number | null;
  /** How much printed output a cell shows; `null` keys lift the limit. */
  outputLimit: IOutputLimit;
  /** The site ships the cross-origin isolation service worker. */
  isolationServiceWorker: boolean;
  pyodideVersion?: string;
  browsergradVersion?: string;
  /** Absolute URL of the site's lab index, `labs.json`. */
  labsUrl?: string;
}

/** The site's settings as the settings plugin read them, once. */
export interface ISiteSettings {
  /** The kernel settings; null when the site has no Pyodide runtime. */
  readonly settings: IKernelSettings | null;
  /** Why `settings` is null: the message to show where a kernel is wanted. */
  readonly error: Error | null;
  /** Bad values edited into the built site (reported, then left out). */
  readonly warnings: readonly string[];
}

export const ISiteSettings = new Token<ISiteSettings>(
  'browsergrad-kernel:ISiteSettings',
  "The browsergrad kernel's site settings, checked against their schema."
);

export const SETTINGS_PLUGIN_ID = 'browsergrad-kernel:settings';

/** The site root, which the settings' URLs are relative to. */
function siteRoot(): string {
  return URLExt.join(window.location.origin, PageConfig.getBaseUrl(), '/');
}

export const settingsPlugin: JupyterFrontEndPlugin<ISiteSettings> = {
  id: SETTINGS_PLUGIN_ID,
  description: "Reads and checks the browsergrad kernel's site settings.",
  autoStart: true,
  provides: ISiteSettings,
  activate: (app: JupyterFrontEnd): ISiteSettings => {
    const all = JSON.parse(PageConfig.getOption('litePluginSettings') || '{}');
    const site = checkSettings(all[PLUGIN_ID], siteRoot());
    site.warnings.forEach(warning => console.warn(warning));
    return site;
  }
};
