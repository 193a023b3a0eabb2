/**
 * Lab manifests in the browser: validation with the same JSON Schema the build
 * used (ajv), and the runtime gate with npm's own semver.
 *
 * No relative imports at run time, so the module also loads as is under Node
 * (the pytest cross-check against the Python validator).
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import semver from 'semver';

import type { ILabManifest, IManifestError } from './types';

/** Every problem of a manifest; empty when it is valid. */
export type ManifestValidator = (data: unknown) => IManifestError[];

/** `field: message`, or the message alone for the whole manifest. */
export function errorText(error: IManifestError): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}

const WANTED: Record<string, string> = {
  object: 'a JSON object',
  array: 'an array',
  string: 'a string'
};

function jsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/** `/required_ops/3` -> `required_ops[3]`. */
function fieldOf(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1);
  if (child !== undefined) {
    parts.push(child);
  }
  return parts
    .map((part, i) =>
      /^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`
    )
    .join('');
}

function describe(error: ErrorObject): IManifestError {
  const field = fieldOf(error.instancePath);
  const at = (message: string) => ({ field, message });
  const value = error.data;
  switch (error.keyword) {
    case 'required':
      return {
        field: fieldOf(error.instancePath, error.params.missingProperty),
        message: 'is required'
      };
    case 'additionalProperties':
      return {
        field: fieldOf(error.instancePath, error.params.additionalProperty),
        message: 'is not a manifest field'
      };
    case 'type':
      return at(
        `must be ${WANTED[error.params.type] ?? error.params.type}, not ${jsonType(value)}`
      );
    case 'not':
      return at(
        `must not contain control characters: ${JSON.stringify(value)}`
      );
    case 'pattern':
      return at(
        `must be ${error.parentSchema?.description}, got ${JSON.stringify(value)}`
      );
    case 'maxItems':
      return at(
        `has ${(value as unknown[]).length} items; at most ${error.params.limit} allowed`
      );
    case 'uniqueItems':
      return at('has repeated items');
    case 'minLength':
      return at('must not be empty');
    default:
      return at(error.message ?? error.keyword);
  }
}

/** A validator for the manifest schema shipped with the site. */
export function manifestValidator(schema: object): ManifestValidator {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
  const validate = ajv.compile(schema);
  return (data: unknown) => {
    if (validate(data)) {
      return [];
    }
    // allOf/$ref can report one problem twice: keep each one once.
    const seen = new Set<string>();
    return (validate.errors ?? []).map(describe).filter(error => {
      const key = errorText(error);
      return !seen.has(key) && !!seen.add(key);
    });
  };
}

/** Whether `version` is in `range`, as npm decides it. */
export function satisfies(version: string, range: string): boolean {
  return semver.valid(version) !== null && semver.satisfies(version, range);
}

/** The hard-fail message when `runtime` is outside the lab's range, else null. */
export function runtimeProblem(
  manifest: ILabManifest,
  runtime: string
): string | null {
  if (satisfies(runtime, manifest.requires_browsergrad)) {
    return null;
  }
  return (
    `lab ${manifest.id}@${manifest.version} requires browsergrad ` +
    `${manifest.requires_browsergrad}, runtime is ${runtime}`
  );
}
