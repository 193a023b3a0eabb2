/**
 * The browsergrad version a kernel has, for the lab gate.
 *
 * The browsergrad kernel says it in its kernel_info. Any other kernel (e.g.
 * ipykernel behind a JupyterLab server) is asked with a silent execute whose
 * only work is a user expression: no code, no history, no output. A kernel
 * that cannot import browsergrad gets a runtime text saying so, which the
 * lab's range then refuses with that text in the banner.
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';

/** The user expression that reads the kernel's browsergrad version. */
export const VERSION_EXPRESSION = "__import__('browsergrad').__version__";

/** `'0.1.0'` (a Python str's repr) -> `0.1.0`; null for anything else. */
export function reprString(repr: unknown): string | null {
  if (typeof repr !== 'string') {
    return null;
  }
  const match = /^(['"])([^'"\\]*)\1$/.exec(repr);
  return match ? match[2] : null;
}

/** What a user expression's result says of the kernel's browsergrad. */
export function versionFromExpression(
  result: Record<string, any> | undefined,
  kernelName: string
): string {
  if (result?.status === 'ok') {
    const version = reprString(result.data?.['text/plain']);
    if (version) {
      return version;
    }
    return `unknown (kernel ${kernelName} gave no browsergrad version)`;
  }
  const error = result
    ? `${result.ename ?? 'error'}: ${result.evalue ?? ''}`.trim()
    : 'no answer';
  return (
    `not installed in kernel ${kernelName} (${error}); ` +
    'install browsergrad-kernel in the environment of that kernel'
  );
}

/** Python's implementation in the kernel (`cpython`), for the results' runtime. */
const IMPLEMENTATION_EXPRESSION = "__import__('sys').implementation.name";

/** What a kernel other than browsergrad says of its browsergrad and Python. */
export interface IAskedRuntime {
  /** The version, or a text saying why there is none (see versionFromExpression). */
  version: string;
  /** Whether `version` is one browsergrad has. */
  installed: boolean;
  implementation: string | null;
}

/** Ask a kernel other than browsergrad for the browsergrad it can import. */
export async function askRuntime(
  kernel: Kernel.IKernelConnection
): Promise<IAskedRuntime> {
  const future = kernel.requestExecute(
    {
      code: '',
      silent: true,
      store_history: false,
      user_expressions: {
        browsergrad: VERSION_EXPRESSION,
        implementation: IMPLEMENTATION_EXPRESSION
      },
      allow_stdin: false,
      stop_on_error: false
    },
    true
  );
  const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
  const content = reply.content;
  if (content.status !== 'ok') {
    const version = `unknown (kernel ${kernel.name} did not run the version check)`;
    return { version, installed: false, implementation: null };
  }
  const results = content.user_expressions as Record<string, any>;
  const found = results?.browsergrad;
  return {
    version: versionFromExpression(found, kernel.name),
    installed:
      found?.status === 'ok' && !!reprString(found.data?.['text/plain']),
    implementation: reprString(results?.implementation?.data?.['text/plain'])
  };
}

/**
 * The browsergrad version a kernel reports, once it has started; rejects when
 * the kernel restarts or goes away before it answers.
 */
export async function kernelRuntime(
  kernel: Kernel.IKernelConnection
): Promise<string> {
  // Answered only once the kernel has booted; its info then has the version.
  await kernel.requestIsComplete({ code: '' });
  const reply = await kernel.requestKernelInfo();
  if (!reply) {
    throw new Error('the kernel went away before it answered');
  }
  const info = reply.content;
  if (info.status !== 'ok') {
    return 'unknown';
  }
  if (info.implementation === 'browsergrad') {
    return info.implementation_version;
  }
  return (await askRuntime(kernel)).version;
}
