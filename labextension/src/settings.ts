/**
 * Reading the kernel's site settings from `litePluginSettings`.
 */
import { PageConfig, URLExt } from '@jupyterlab/coreutils';

import { IKernelSettings, PLUGIN_ID } from './tokens';

/** Resolve a site URL against the site root. */
export function siteUrl(url: string): string {
  return new URL(
    url,
    URLExt.join(window.location.origin, PageConfig.getBaseUrl(), '/')
  ).href;
}

/** The settings written by the build addon, with URLs made absolute. */
export function loadSettings(): IKernelSettings {
  const all = JSON.parse(PageConfig.getOption('litePluginSettings') || '{}');
  const raw: Partial<IKernelSettings> = all[PLUGIN_ID] ?? {};
  if (!raw.pyodideUrl || !raw.lockFileUrl) {
    throw new Error(
      `${PLUGIN_ID}: the site has no Pyodide settings. ` +
        'Rebuild it with `jupyter lite build` with browsergrad-kernel installed.'
    );
  }
  return {
    ...raw,
    pyodideUrl: siteUrl(raw.pyodideUrl),
    lockFileUrl: siteUrl(raw.lockFileUrl),
    pipliteUrls: (raw.pipliteUrls ?? []).map(siteUrl),
    preloadPackages: raw.preloadPackages ?? [],
    prewarm: raw.prewarm ?? true
  };
}
