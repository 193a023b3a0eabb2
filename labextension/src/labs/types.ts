/**
 * Labs: a lab's manifest, the site's lab index, the lab of a notebook, and
 * the token through which others (the Tests panel) learn a notebook's lab.
 */
import { Token } from '@lumino/coreutils';

/** A lab's `manifest.json` (docs/labs.md; schema `lab-manifest.v1.schema.json`). */
export interface ILabManifest {
  id: string;
  version: string;
  /** `^X.Y.Z`, `~X.Y.Z` or `X.Y.Z`, with npm semantics. */
  requires_browsergrad: string;
  required_ops: string[];
  rubric_path: string;
  starter_path: string;
  reference_path: string;
  /** Checks only the grader runs; the build keeps the file out of the site. */
  hidden_rubric_path?: string;
  datasets?: string[];
}

/** One problem of a manifest: the field path (`required_ops[3]`; empty for the
 * whole manifest) and what is wrong with it. */
export interface IManifestError {
  field: string;
  message: string;
}

/** The site's lab index, `labs.json`, written at build time. */
export interface ILabsIndex {
  format: string;
  /** The browsergrad version the labs were validated against. */
  browsergrad: string;
  /** The manifest schema's URL, relative to the index. */
  schema: string;
  /** Valid labs: each folder (in the site's contents) and its manifest. */
  labs: { path: string; manifest: ILabManifest }[];
}

/** The lab a notebook belongs to, as found when it opened. */
export interface ILab {
  /** The lab folder (a contents path). */
  folder: string;
  /** The manifest, or null when it could not be read or is invalid. */
  manifest: ILabManifest | null;
  /** Why the lab cannot run here ("lab … requires …, runtime is …"), or null. */
  problem: string | null;
}

/** A lab as a results document names it (`lab` of results.v1). */
export interface ILabIdentity {
  id: string;
  version: string;
  /**
   * sha256 (hex) of the rubric's code, UTF-8 with `\n` newlines; absent when
   * it could not be read or hashed (a page that is not a secure context).
   */
  rubric_sha256?: string;
}

/** The labs of open notebooks, for what reports on them (the Tests panel). */
export interface ILabs {
  /** A notebook's lab; null when it is in none or its manifest is invalid. */
  identify(
    panel: import('@jupyterlab/notebook').NotebookPanel
  ): Promise<ILabIdentity | null>;
}

export const ILabs = new Token<ILabs>(
  'browsergrad-kernel:ILabs',
  'The labs of open notebooks: id, version and rubric hash.'
);
