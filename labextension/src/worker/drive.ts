/**
 * Mounting the JupyterLite contents into Pyodide's file system at /drive.
 */
import { DriveFS } from '@jupyterlite/services/lib/contents/drivefs';

import type { IAttachOptions } from './protocol';

export const DRIVE_MOUNTPOINT = '/drive';

/** Split `drive:path` into the drive name and the local path. */
export function splitLocation(location: string): [string, string] {
  const colon = location.indexOf(':');
  return colon < 0
    ? ['', location]
    : [location.slice(0, colon), location.slice(colon + 1)];
}

/** Mount the drive and return the working folder for the kernel. */
export function mountDrive(pyodide: any, options: IAttachOptions): string {
  const [driveName, localPath] = splitLocation(options.location);
  const { FS, PATH, ERRNO_CODES } = pyodide;
  const drive = new DriveFS({
    FS,
    PATH,
    ERRNO_CODES,
    baseUrl: options.baseUrl,
    driveName,
    mountpoint: DRIVE_MOUNTPOINT,
    browsingContextId: options.browsingContextId
  });
  FS.mkdirTree(DRIVE_MOUNTPOINT);
  FS.mount(drive, {}, DRIVE_MOUNTPOINT);
  return localPath ? `${DRIVE_MOUNTPOINT}/${localPath}` : DRIVE_MOUNTPOINT;
}
