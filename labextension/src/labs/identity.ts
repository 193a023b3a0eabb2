/**
 * How a results document names a notebook's lab: the manifest's id and
 * version, and the hash of the rubric's code as "Check my work" runs it.
 */
import type { Contents } from '@jupyterlab/services';

import type { ILab, ILabIdentity } from './types';
import { rubricSource } from './check';
import { rubricSha256 } from './rubricHash';

export async function labIdentity(
  contents: Contents.IManager,
  lab: ILab | undefined
): Promise<ILabIdentity | null> {
  if (!lab?.manifest) {
    return null;
  }
  const { id, version } = lab.manifest;
  let hash: string | null = null;
  try {
    hash = await rubricSha256(
      await rubricSource(contents, lab.folder, lab.manifest)
    );
  } catch (error) {
    console.warn(`browsergrad: the rubric of lab ${id} was not hashed`, error);
  }
  return hash ? { id, version, rubric_sha256: hash } : { id, version };
}
