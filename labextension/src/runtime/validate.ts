/**
 * Checking what a caller passes, so misuse fails at once with a clear
 * `InvalidArgumentError` instead of deep inside a worker.
 */
import { InvalidArgumentError } from './errors';
import type { IExecOptions, IMountFile, ISessionOptions } from './types';

const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function checkObject(value: unknown, what: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError(`${what} must be an object.`);
  }
}

function checkCallbacks(options: object, names: string[], where: string) {
  for (const name of names) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'function') {
      throw new InvalidArgumentError(
        `${where}.${name} must be a function, got ${typeof value}.`
      );
    }
  }
}

export function checkSessionOptions(options: ISessionOptions): void {
  checkObject(options, 'createSession() options');
  const url = options.pyodideIndexURL as unknown;
  if (typeof url !== 'string' || !url.trim()) {
    throw new InvalidArgumentError(
      `createSession(): pyodideIndexURL must be a non-empty string, got ${show(url)}.`
    );
  }
  const packages = options.packages as unknown;
  if (
    packages !== undefined &&
    (!Array.isArray(packages) ||
      packages.some(name => typeof name !== 'string' || !name))
  ) {
    throw new InvalidArgumentError(
      `createSession(): packages must be a list of package names, got ${show(packages)}.`
    );
  }
  checkCallbacks(options, ['onPackageProgress'], 'createSession()');
}

export function checkExecOptions(options: IExecOptions): void {
  checkObject(options, 'exec() options');
  if (typeof options.code !== 'string') {
    throw new InvalidArgumentError(
      `exec(): code must be a string, got ${typeof options.code}.`
    );
  }
  const timeout = options.timeoutMs as unknown;
  if (
    timeout !== undefined &&
    timeout !== null &&
    (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)
  ) {
    throw new InvalidArgumentError(
      `exec(): timeoutMs must be a positive number of milliseconds, got ${show(timeout)}.`
    );
  }
  const signal = options.signal as unknown;
  if (
    signal !== undefined &&
    (typeof (signal as AbortSignal)?.addEventListener !== 'function' ||
      typeof (signal as AbortSignal).aborted !== 'boolean')
  ) {
    throw new InvalidArgumentError('exec(): signal must be an AbortSignal.');
  }
  checkCallbacks(
    options,
    ['onStdout', 'onStderr', 'onAssertion', 'onArtifact'],
    'exec()'
  );
}

export function checkMountFiles(files: IMountFile[]): void {
  if (!Array.isArray(files)) {
    throw new InvalidArgumentError('mount() takes a list of { path, data }.');
  }
  for (const file of files) {
    checkObject(file, 'Each mounted file');
    if (typeof file.path !== 'string' || !file.path) {
      throw new InvalidArgumentError(
        `mount(): path must be a non-empty string, got ${show(file.path)}.`
      );
    }
    const data = file.data as unknown;
    if (
      typeof data !== 'string' &&
      !(data instanceof Uint8Array) &&
      !(data instanceof ArrayBuffer)
    ) {
      throw new InvalidArgumentError(
        `mount(): the data of ${file.path} must be a string, Uint8Array or ArrayBuffer.`
      );
    }
  }
}
