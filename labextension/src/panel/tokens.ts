/**
 * The Tests panel's model and token: the check results of a notebook, read
 * from its outputs.
 */
import type { ISignal } from '@lumino/signaling';
import { Token } from '@lumino/coreutils';

/** The status of one row of the Tests panel. */
export type TestStatus = 'pass' | 'fail' | 'error' | 'unreadable';

/** How many rows of each status. */
export type TestCounts = Record<TestStatus, number>;

/** One assertion of a cell, or an output (or event) that could not be read. */
export interface ITestResult {
  readonly status: TestStatus;
  /** The assertion's name; what could be read of it for an unreadable one. */
  readonly name: string;
  /** Why it failed or errored, or why it could not be read ('' if none). */
  readonly message: string;
  /** The assertion event (schema v1) as published; null when unreadable. */
  readonly event: Readonly<Record<string, unknown>> | null;
  /** Position of the output in its cell. */
  readonly outputIndex: number;
  /** Position of the event in that output; null for the whole output. */
  readonly eventIndex: number | null;
}

/** The results of one code cell, from its outputs of browsergrad's MIME types. */
export interface ICellResults {
  /** The cell's id (nbformat 4.5 `id`). */
  readonly cellId: string;
  /** The cell's position among all cells of the notebook, from 0. */
  readonly cellIndex: number;
  readonly executionCount: number | null;
  /** The outputs were made before the kernel last restarted. */
  readonly stale: boolean;
  /** The cell holds the lab's checks ("Check my work"); only those score. */
  readonly rubric?: boolean;
  /** Assertions and unreadable results, in output order. */
  readonly results: readonly ITestResult[];
  /** Every readable event (assertions, logs, JSON, images), in output order. */
  readonly events: readonly Readonly<Record<string, unknown>>[];
  readonly counts: TestCounts;
}

/** The results of one notebook. */
export interface INotebookResults {
  /** The notebook's path in the site's contents. */
  readonly path: string;
  /** Cells that have results or events, in cell order. */
  readonly cells: readonly ICellResults[];
  readonly counts: TestCounts;
}

/** The results of the active notebook, as the Tests panel shows them. */
export interface ITestResultsTracker {
  /** The active notebook's results, or null when no notebook is active. */
  readonly current: INotebookResults | null;
  /** Emitted when the active notebook or its results change. */
  readonly currentChanged: ISignal<
    ITestResultsTracker,
    INotebookResults | null
  >;
}

export const ITestResultsTracker = new Token<ITestResultsTracker>(
  'browsergrad-kernel:ITestResultsTracker',
  'The check results of the active notebook, read from its outputs.'
);
