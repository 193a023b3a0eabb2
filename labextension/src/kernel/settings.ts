/**
 * The settings plugin: it reads the kernel's site settings
 * (`litePluginSettings` in jupyter-lite.json) and checks them once, and
 * hands them to every plugin that needs them through the `ISiteSettings`
 * token (./tokens.ts).
 *
 * The reference is the JSON Schema the build checks them with,
 * browsergrad_kernel/schema/kernel-settings.v1.schema.json.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';

import { ISiteSettings, PLUGIN_ID } from './tokens';
import { checkSettings } from './settingsCheck';

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
