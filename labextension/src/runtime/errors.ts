/**
 * The runtime library's errors. An `exec` that fails resolves with one of
 * the `ExecError` kinds in `result.error`; misuse (bad options, a disposed
 * session) and a failed start reject with a `SessionError`.
 */

export type ExecErrorKind =
  'syntax' | 'runtime' | 'timeout' | 'abort' | 'interrupt';

interface IExecErrorInit {
  /** The Python exception's type name (`ZeroDivisionError`), if any. */
  pythonType?: string | null;
  traceback?: string;
  /** The worker was replaced: Python's state (variables, imports) is lost. */
  restarted?: boolean;
}

/** Why an `exec` did not end well. */
export abstract class ExecError extends Error {
  abstract readonly kind: ExecErrorKind;
  readonly pythonType: string | null;
  /** Python's traceback as plain text ('' when there is none). */
  readonly traceback: string;
  readonly restarted: boolean;

  constructor(message: string, init: IExecErrorInit = {}) {
    super(message);
    this.pythonType = init.pythonType ?? null;
    this.traceback = init.traceback ?? '';
    this.restarted = init.restarted ?? false;
  }
}

/** The code does not parse (`SyntaxError`, `IndentationError`). */
export class ExecSyntaxError extends ExecError {
  readonly kind = 'syntax';
  readonly name = 'ExecSyntaxError';
}

/** The code raised (or the worker crashed). */
export class ExecRuntimeError extends ExecError {
  readonly kind = 'runtime';
  readonly name = 'ExecRuntimeError';
}

/** The run passed `timeoutMs`. */
export class ExecTimeoutError extends ExecError {
  readonly kind = 'timeout';
  readonly name = 'ExecTimeoutError';
}

/** The run's `signal` was aborted (before or while it ran), or dispose. */
export class ExecAbortError extends ExecError {
  readonly kind = 'abort';
  readonly name = 'ExecAbortError';
}

/** `session.interrupt()` stopped the run. */
export class ExecInterruptError extends ExecError {
  readonly kind = 'interrupt';
  readonly name = 'ExecInterruptError';
}

/** Misuse of a session, or a session that could not start. */
export class SessionError extends Error {
  readonly name: string = 'SessionError';
}

/** An option or argument of the wrong type or range. */
export class InvalidArgumentError extends SessionError {
  readonly name = 'InvalidArgumentError';
}

/** A call on a session after `dispose()`. */
export class SessionDisposedError extends SessionError {
  readonly name = 'SessionDisposedError';
  constructor(call: string) {
    super(`${call} was called on a disposed session.`);
  }
}

/** The runtime's files could not be read from `url`. */
export class RuntimeLoadError extends SessionError {
  readonly name = 'RuntimeLoadError';
  constructor(
    readonly url: string,
    reason: string
  ) {
    super(`Could not load the browsergrad runtime from ${url}: ${reason}`);
  }
}

/** Packages asked for that the runtime's lock does not list. */
export class PackageNotFoundError extends SessionError {
  readonly name = 'PackageNotFoundError';
  constructor(
    readonly packages: string[],
    readonly lockFileURL: string
  ) {
    super(
      `Not in the runtime's lock (${lockFileURL}): ${packages.join(', ')}. ` +
        'Only the packages of the lock can be loaded.'
    );
  }
}
