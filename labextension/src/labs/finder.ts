/**
 * Finding the lab a notebook belongs to: the nearest folder above it (or its
 * own) that holds a `manifest.json`, read from the contents the page sees, so
 * a lab uploaded or kept in the browser's storage is checked like one the site
 * was built with.
 */
import type { Contents } from '@jupyterlab/services';

import type { ILab, ILabManifest } from './types';
import { errorText, ManifestValidator, runtimeProblem } from './manifest';

export const LAB_MANIFEST_JSON = 'manifest.json';

/** `drive:a/b` -> [`drive:`, `a/b`]. */
function splitDrive(path: string): [string, string] {
  const colon = path.indexOf(':');
  const slash = path.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) {
    return [path.slice(0, colon + 1), path.slice(colon + 1)];
  }
  return ['', path];
}

/** Join contents paths, dropping empty parts. */
export function joinPath(...parts: string[]): string {
  return parts.filter(part => part !== '').join('/');
}

/** The text of a file from the contents, whatever format it came in. */
export async function readText(
  contents: Contents.IManager,
  path: string
): Promise<string> {
  const model = await contents.get(path, {
    content: true,
    type: 'file',
    format: 'text'
  });
  return typeof model.content === 'string'
    ? model.content
    : JSON.stringify(model.content);
}

export class LabFinder {
  constructor(
    private _contents: Contents.IManager,
    private _validator: Promise<ManifestValidator>,
    private _siteRuntime: string | undefined
  ) {}

  /** The lab of the notebook at `path`, or null when it is in none. */
  async find(path: string): Promise<ILab | null> {
    const [drive, local] = splitDrive(path);
    const parts = local.split('/').slice(0, -1);
    for (let depth = parts.length; depth >= 0; depth--) {
      const folder = drive + parts.slice(0, depth).join('/');
      if (await this._hasManifest(folder)) {
        return this._read(folder);
      }
    }
    return null;
  }

  private async _hasManifest(folder: string): Promise<boolean> {
    try {
      const listing = await this._contents.get(folder, { content: true });
      return (listing.content as Contents.IModel[]).some(
        item => item.name === LAB_MANIFEST_JSON && item.type !== 'directory'
      );
    } catch {
      return false;
    }
  }

  /** Read and check a lab's manifest; `problem` says why it cannot run. */
  private async _read(folder: string): Promise<ILab> {
    const file = joinPath(folder, LAB_MANIFEST_JSON);
    let data: unknown;
    try {
      data = JSON.parse(await readText(this._contents, file));
    } catch (error) {
      return {
        folder,
        manifest: null,
        problem: `lab manifest ${file} is not JSON: ${(error as Error).message}`
      };
    }
    let errors;
    try {
      errors = (await this._validator)(data);
    } catch (error) {
      // no schema to check it with: it cannot be shown to accept the runtime
      return {
        folder,
        manifest: null,
        problem: `lab manifest ${file} could not be checked: ${(error as Error).message}`
      };
    }
    if (errors.length) {
      return {
        folder,
        manifest: null,
        problem: `lab manifest ${file} is invalid: ${errors.map(errorText).join('; ')}`
      };
    }
    const manifest = data as ILabManifest;
    // The runtime this site ships: a lab it does not accept stops here, before
    // its kernel can run anything. The kernel's own version is checked too.
    const problem = this._siteRuntime
      ? runtimeProblem(manifest, this._siteRuntime)
      : null;
    return { folder, manifest, problem };
  }
}
