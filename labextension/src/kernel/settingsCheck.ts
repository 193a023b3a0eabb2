/**
 * The kernel's site settings checked in the browser with the JSON Schema the
 * build used (browsergrad_kernel/schema/kernel-settings.v1.schema.json, ajv).
 *
 * The build rejects bad values; one edited into a built site afterwards is
 * reported, and its default applies (or it is ignored). Without the runtime
 * URLs the site has no kernel: that is an error. Pure, so it is tested under
 * Node.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';

import SCHEMA from '../../../browsergrad_kernel/schema/kernel-settings.v1.schema.json';
import type { IOutputLimit } from '../output/outputLimit';
import { PLUGIN_ID, type IKernelSettings, type ISiteSettings } from './tokens';

/** The parts of a JSON Schema this module reads. */
interface ISchemaNode {
  'x-expected'?: string;
  default?: unknown;
  $ref?: string;
  properties?: Record<string, ISchemaNode>;
  items?: ISchemaNode;
}

const ROOT = SCHEMA as ISchemaNode & { $defs: Record<string, ISchemaNode> };

const NO_RUNTIME =
  `${PLUGIN_ID}: the site has no Pyodide settings. ` +
  'Rebuild it with `jupyter lite build` with browsergrad-kernel installed.';

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      allowUnionTypes: true,
      keywords: ['x-expected']
    });
    compiled = ajv.compile(SCHEMA);
  }
  return compiled;
}

/** `/outputLimit/lines` -> `['outputLimit', 'lines']` (RFC 6901). */
function partsOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const pointerOf = (parts: string[]) =>
  parts
    .map(part => `/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');

/** `['pipliteUrls', '0']` -> `pipliteUrls[0]`. */
function fieldOf(parts: string[]): string {
  return (
    parts
      .map((part, i) =>
        /^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`
      )
      .join('') || 'the kernel settings'
  );
}

/** A `$ref` to `#/$defs/<name>` followed, once. */
function deref(node: ISchemaNode | undefined): ISchemaNode | undefined {
  const name = node?.$ref?.replace('#/$defs/', '');
  return name ? { ...ROOT.$defs[name], ...node } : node;
}

/** The schema of the value at `parts`, following properties and items. */
function schemaAt(parts: string[]): ISchemaNode | undefined {
  let node: ISchemaNode | undefined = ROOT;
  for (const part of parts) {
    node = deref(/^\d+$/.test(part) ? node?.items : node?.properties?.[part]);
  }
  return node;
}

/** One problem: where the bad value is, and what is wrong with it. */
interface IProblem {
  drop: string[];
  text: string;
  missing?: boolean;
}

function describe(error: ErrorObject): IProblem {
  const at = partsOf(error.instancePath);
  if (error.keyword === 'required') {
    const key = error.params.missingProperty as string;
    const expected = schemaAt([...at, key])?.['x-expected'] ?? 'set';
    return {
      drop: at,
      text: `${fieldOf([...at, key])} is missing; it must be ${expected}`,
      missing: true
    };
  }
  if (error.keyword === 'additionalProperties') {
    const key = error.params.additionalProperty as string;
    const known = Object.keys(schemaAt(at)?.properties ?? {});
    return {
      drop: [...at, key],
      text:
        `${fieldOf(at)} has unknown key ${JSON.stringify(key)}; ` +
        `it takes ${known.map(k => JSON.stringify(k)).join(', ')}`
    };
  }
  const expected =
    (error.parentSchema as ISchemaNode | undefined)?.['x-expected'] ??
    schemaAt(at)?.['x-expected'];
  const text = expected
    ? `must be ${expected}, got ${JSON.stringify(error.data)}`
    : (error.message ?? error.keyword);
  return { drop: at, text: `${fieldOf(at)} ${text}` };
}

/** What happens to a dropped value. */
function consequence(parts: string[]): string {
  const node = schemaAt(parts);
  if (node && 'default' in node) {
    return `using ${JSON.stringify(node.default)}`;
  }
  return /^\d+$/.test(parts.at(-1) ?? '') ? 'it is left out' : 'it is ignored';
}

/** A copy of `value` without the values at the `dropped` pointers. */
function prune(
  value: unknown,
  dropped: Set<string>,
  parts: string[] = []
): unknown {
  if (dropped.has(pointerOf(parts))) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value
      .map((item, i) => prune(item, dropped, [...parts, String(i)]))
      .filter(item => item !== undefined);
  }
  if (value && typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const pruned = prune(item, dropped, [...parts, key]);
      if (pruned !== undefined) {
        kept[key] = pruned;
      }
    }
    return kept;
  }
  return value;
}

/** Missing keys of `value` (and of the objects in it) from the defaults. */
function withDefaults(value: unknown, node: ISchemaNode | undefined): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return value;
  }
  const filled: Record<string, unknown> = { ...value };
  for (const [key, child] of Object.entries(node?.properties ?? {})) {
    if (!(key in filled) && 'default' in child) {
      filled[key] = structuredClone(child.default);
    }
    if (key in filled) {
      filled[key] = withDefaults(filled[key], deref(child));
    }
  }
  return filled;
}

/**
 * The site's settings (`litePluginSettings[PLUGIN_ID]`) checked against the
 * schema, with defaults filled in and URLs resolved against `siteRoot`.
 */
export function checkSettings(
  raw: unknown = {},
  siteRoot: string
): ISiteSettings {
  const validate = validator();
  const problems = (validate(raw) ? [] : (validate.errors ?? []))
    .map(describe)
    // a missing runtime URL is the error below, not a warning
    .filter(({ drop, missing }) => drop.length > 0 || !missing);
  const warnings = problems.map(({ drop, text }) =>
    drop.length > 0
      ? `browsergrad: ${text}; ${consequence(drop)}`
      : `browsergrad: ${text}`
  );
  const dropped = new Set(problems.map(({ drop }) => pointerOf(drop)));
  const given = prune(raw, dropped) ?? {};
  const filled = withDefaults(given, ROOT) as Record<string, any>;
  if (
    typeof filled.pyodideUrl !== 'string' ||
    typeof filled.lockFileUrl !== 'string'
  ) {
    return { settings: null, error: new Error(NO_RUNTIME), warnings };
  }
  const url = (ref: string) => new URL(ref, siteRoot).href;
  const outputLimit: IOutputLimit = filled.outputLimit ?? {
    lines: null,
    characters: null
  };
  const settings: IKernelSettings = {
    ...filled,
    pyodideUrl: url(filled.pyodideUrl),
    lockFileUrl: url(filled.lockFileUrl),
    pipliteUrls: filled.pipliteUrls.map(url),
    preloadPackages: filled.preloadPackages,
    prewarm: filled.prewarm,
    timeLimit: filled.timeLimit,
    outputLimit,
    isolationServiceWorker: filled.isolationServiceWorker,
    hostBridge: filled.hostBridge
  };
  if (filled.labsUrl !== undefined) {
    settings.labsUrl = url(filled.labsUrl);
  }
  return { settings, error: null, warnings };
}
