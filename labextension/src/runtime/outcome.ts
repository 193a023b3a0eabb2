/**
 * How a run ended, as one of the typed `ExecError`s: from Python's error
 * (and which signal, if any, stopped the run), or from a lost worker.
 */
import { GRACE_MS } from '../stop/cellRun';
import type { LostCause } from '../stop/errors';
import { InterruptSignal } from '../worker/protocol';
import {
  ExecAbortError,
  ExecError,
  ExecInterruptError,
  ExecRuntimeError,
  ExecSyntaxError,
  ExecTimeoutError
} from './errors';
import type { IPythonError } from './events';

/** Who stopped a run with the stop signal. */
export type StopReason = 'abort' | 'interrupt';

const SYNTAX = new Set(['SyntaxError', 'IndentationError', 'TabError']);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function limitText(timeoutMs: number | null): string {
  return timeoutMs === null ? 'its time limit' : `its limit of ${timeoutMs} ms`;
}

/** The error of a run whose code raised. */
export function pythonError(
  error: IPythonError,
  stoppedBy: InterruptSignal | null,
  reason: StopReason | null,
  timeoutMs: number | null
): ExecError {
  const init = {
    pythonType: error.ename,
    traceback: (error.traceback ?? []).join('\n').replace(ANSI, '')
  };
  const raised = error.evalue ? `${error.ename}: ${error.evalue}` : error.ename;
  if (SYNTAX.has(error.ename)) {
    return new ExecSyntaxError(raised, init);
  }
  if (
    stoppedBy === InterruptSignal.timeLimit &&
    error.ename === 'TimeoutError'
  ) {
    return new ExecTimeoutError(
      `The code ran past ${limitText(timeoutMs)}.`,
      init
    );
  }
  if (
    stoppedBy === InterruptSignal.stop &&
    error.ename === 'KeyboardInterrupt'
  ) {
    return reason === 'abort'
      ? new ExecAbortError('The run was aborted; Python state is kept.', init)
      : new ExecInterruptError(
          'The run was interrupted; Python state is kept.',
          init
        );
  }
  return new ExecRuntimeError(raised, init);
}

/** The error of a run whose worker was replaced (or the session disposed). */
export function lostError(
  cause: LostCause,
  reason: StopReason | null,
  timeoutMs: number | null,
  canInterrupt: boolean
): ExecError {
  const restarted = { restarted: true };
  const why = canInterrupt
    ? `Python did not answer the interrupt within ${GRACE_MS} ms`
    : 'the interrupt buffer is not available (the page is not cross-origin isolated)';
  const lost = 'Python state (variables, imports) was lost.';
  switch (cause) {
    case 'disposed':
      return new ExecAbortError('The session was disposed.', restarted);
    case 'crash':
      return new ExecRuntimeError(
        `The worker crashed and was restarted. ${lost}`,
        restarted
      );
    case 'timeLimit':
      return new ExecTimeoutError(
        `The code ran past ${limitText(timeoutMs)} and was stopped by ` +
          `restarting the worker: ${why}. ${lost}`,
        restarted
      );
    default: {
      const what = reason === 'interrupt' ? 'interrupted' : 'aborted';
      const detail =
        cause === 'stopUnfinished'
          ? 'Python took the interrupt but did not end in time'
          : why;
      const message = `The run was ${what} by restarting the worker: ${detail}. ${lost}`;
      return reason === 'interrupt'
        ? new ExecInterruptError(message, restarted)
        : new ExecAbortError(message, restarted);
    }
  }
}
