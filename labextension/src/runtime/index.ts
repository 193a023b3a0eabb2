/**
 * browsergrad's runtime as a library: `createSession` runs Python on the
 * kernel's own Pyodide worker, in a page or under Node. The public surface
 * is what this module exports (see docs/runtime-api.md for its stability).
 */
export { createSession } from './session';
export {
  ExecAbortError,
  ExecError,
  ExecInterruptError,
  ExecRuntimeError,
  ExecSyntaxError,
  ExecTimeoutError,
  InvalidArgumentError,
  PackageNotFoundError,
  RuntimeLoadError,
  SessionDisposedError,
  SessionError
} from './errors';
export type { ExecErrorKind } from './errors';
export type {
  Artifact,
  IArtifactImage,
  IArtifactJson,
  IArtifactLog,
  IAssertion,
  IExecOptions,
  IExecResult,
  IMountFile,
  IPackageProgress,
  ISession,
  ISessionOptions
} from './types';
