// The lab gate's question to a kernel (src/labs/runtime.ts): the browsergrad
// kernel answers in its kernel_info; another kernel (ipykernel) is asked with
// a silent execute whose user expression reads browsergrad's version. Fake
// kernels here; the Galata spec jupyterlab.spec.ts asks a real ipykernel.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

let askRuntime, kernelRuntime, VERSION_EXPRESSION;

before(async () => {
  ({ askRuntime, kernelRuntime, VERSION_EXPRESSION } =
    await loadSource('labs/runtime.ts'));
});

/** A kernel whose info and execute replies are given; it records requests. */
function fakeKernel(implementation, expressionResult, python = null) {
  const requests = [];
  return {
    name: implementation === 'browsergrad' ? 'browsergrad' : 'python3',
    requests,
    requestIsComplete: async () => ({ content: { status: 'complete' } }),
    requestKernelInfo: async () => ({
      content: {
        status: 'ok',
        implementation,
        implementation_version:
          implementation === 'browsergrad' ? '0.1.0' : '7.4.0'
      }
    }),
    requestExecute(content, disposeOnDone) {
      requests.push({ content, disposeOnDone });
      return {
        done: Promise.resolve({
          content: {
            status: 'ok',
            user_expressions: {
              browsergrad: expressionResult,
              implementation: python
            }
          }
        })
      };
    }
  };
}

test('the browsergrad kernel is not asked to run anything', async () => {
  const kernel = fakeKernel('browsergrad');
  assert.equal(await kernelRuntime(kernel), '0.1.0');
  assert.deepEqual(kernel.requests, []);
});

test('ipykernel is asked silently, without history, for the version', async () => {
  const kernel = fakeKernel('ipython', {
    status: 'ok',
    data: { 'text/plain': "'0.2.3'" },
    metadata: {}
  });
  assert.equal(await kernelRuntime(kernel), '0.2.3');
  assert.equal(kernel.requests.length, 1);
  const { content } = kernel.requests[0];
  assert.equal(content.code, '');
  assert.equal(content.silent, true);
  assert.equal(content.store_history, false);
  assert.equal(content.user_expressions.browsergrad, VERSION_EXPRESSION);
});

test('a kernel without browsergrad gets a runtime that says so', async () => {
  const kernel = fakeKernel('ipython', {
    status: 'error',
    ename: 'ModuleNotFoundError',
    evalue: "No module named 'browsergrad'",
    traceback: []
  });
  const runtime = await kernelRuntime(kernel);
  assert.match(
    runtime,
    /^not installed in kernel python3 \(ModuleNotFoundError/
  );
  assert.match(runtime, /install browsergrad-kernel in the environment/);
});

test('a version that is not a plain string is not taken for one', async () => {
  const kernel = fakeKernel('ipython', {
    status: 'ok',
    data: { 'text/plain': '<module>' }
  });
  assert.match(await kernelRuntime(kernel), /^unknown/);
});

test('the export learns the Python implementation too', async () => {
  const ok = { status: 'ok', data: { 'text/plain': "'0.1.0'" } };
  const python = { status: 'ok', data: { 'text/plain': "'cpython'" } };
  assert.deepEqual(await askRuntime(fakeKernel('ipython', ok, python)), {
    version: '0.1.0',
    installed: true,
    implementation: 'cpython'
  });
  const missing = { status: 'error', ename: 'ModuleNotFoundError' };
  const asked = await askRuntime(fakeKernel('ipython', missing, python));
  assert.equal(asked.installed, false);
});
