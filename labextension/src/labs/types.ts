/**
 * Labs: a lab's manifest, the site's lab index, and the lab of a notebook.
 */

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
