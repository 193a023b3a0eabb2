/**
 * The one results document, `results.v1` (browsergrad/schema/
 * results.v1.schema.json; docs/panel.md): the events of each cell as schema
 * v1 has them, with the cell's id and position, what could not be read, and
 * the lab and runtime when known. The Tests panel exports it as JSON;
 * `browsergrad-kernel grade` writes the same document
 * (browsergrad_kernel/results/document.py); both JUnit writers are functions
 * of it.
 */
import type { ILabIdentity } from '../labs/types';

export const RESULTS_SCHEMA = 'urn:browsergrad:schema:results:v1';

/** The name of an unreadable result whose own name could not be read. */
export const UNREADABLE_NAME = 'unreadable result';

type IEvent = Readonly<Record<string, unknown>>;

/** The lab a notebook belongs to: id, version and the rubric's sha256. */
export type IResultsLab = ILabIdentity;

/** The runtime that ran the notebook. */
export interface IResultsRuntime {
  browsergrad: string;
  python: string;
  /** `pyodide` in the browser, `cpython` headless. */
  implementation: string;
}

export interface IResultsUnreadable {
  output_index: number;
  event_index: number | null;
  reason: string;
  /** What could be read of the result's name. */
  name?: string;
}

export interface IResultsCell {
  cell_id: string;
  /** Position among all cells from 0; null for a rubric run headless. */
  cell_index: number | null;
  execution_count: number | null;
  /** `rubric`: the lab's checks ("Check my work", or the grader's rubric). */
  kind?: 'code' | 'rubric';
  /** Headless only: the lab's hidden rubric. */
  hidden?: boolean;
  /** Headless only: how the cell's run ended. */
  run_status?: 'ok' | 'error' | 'timeout' | 'crashed' | 'not-run';
  duration_ms?: number | null;
  events: IEvent[];
  unreadable: IResultsUnreadable[];
}

/** What went wrong running a notebook (headless only). */
export interface IResultsProblem {
  /** The cell's id, or null for the notebook as a whole. */
  cell_id: string | null;
  kind: string;
  message: string;
  exc_type: string | null;
  traceback: string | null;
}

/** One question of the score (docs/grading.md). */
export interface IResultsQuestion {
  name: string;
  points: number;
  max: number;
  checks: number;
  passed: number;
  all_or_nothing: boolean;
  /** Every check of it came from the hidden rubric. */
  hidden: boolean;
}

/** The score of the checks that count (`score.ts`). */
export interface IResultsScore {
  points: number;
  max: number;
  questions: IResultsQuestion[];
}

export interface IResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  generator: string;
  notebook: string;
  created: string;
  lab?: IResultsLab;
  runtime?: IResultsRuntime;
  limits?: { cell_s: number; total_s: number };
  duration_ms?: number;
  counts: { pass: number; fail: number; error: number; unreadable: number };
  cells: IResultsCell[];
  problems?: IResultsProblem[];
  output?: string;
  score?: IResultsScore;
}

export function resultsJson(doc: IResultsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
