/**
 * Donations saved to the site's drive (JupyterLab's contents manager) when
 * no host is bound, or when a host refused them: one JSON file each, in the
 * folder the settings name, so nothing is lost and the user can find it.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';

import type { IQueuedDonation } from './store';

export const DONATION_FILE_SCHEMA = 'urn:browsergrad:schema:donation-file:v1';

/** A file name from the time, the key and the id: sortable and unique. */
export function donationFileName(donation: IQueuedDonation): string {
  const time = donation.created.replace(/[:.]/g, '-');
  const key = donation.key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `${time}-${key}-${donation.id.slice(0, 8)}.json`;
}

/** The file's content: the donation with its data as JSON. */
export function donationFile(donation: IQueuedDonation): string {
  return `${JSON.stringify(
    {
      schema: DONATION_FILE_SCHEMA,
      id: donation.id,
      key: donation.key,
      created: donation.created,
      source: donation.source,
      data: JSON.parse(donation.json)
    },
    null,
    2
  )}\n`;
}

export function driveSaver(
  contents: Contents.IManager,
  folder: string
): (donation: IQueuedDonation) => Promise<string> {
  const dir = folder.replace(/^\/+|\/+$/g, '');
  const ensureFolder = async () => {
    let path = '';
    for (const part of dir.split('/').filter(Boolean)) {
      path = path ? PathExt.join(path, part) : part;
      const found = await contents
        .get(path, { content: false })
        .catch(() => null);
      if (!found) {
        await contents.save(path, { type: 'directory' });
      } else if (found.type !== 'directory') {
        throw new Error(`${path} in the drive is a file, not a folder`);
      }
    }
  };
  return async donation => {
    await ensureFolder(); // each time: the user may have removed it
    const path = PathExt.join(dir, donationFileName(donation));
    await contents.save(path, {
      type: 'file',
      format: 'text',
      content: donationFile(donation)
    });
    return path;
  };
}
