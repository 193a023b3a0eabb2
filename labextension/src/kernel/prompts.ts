/**
 * The `input()` prompt of a kernel's running cell, on the main thread.
 *
 * The worker's request arrives through the service worker (`IPromptRequest`);
 * the prompt goes to the notebook as an `input_request`, and its
 * `input_reply` answers the blocked worker. Stop, a time limit or the end of
 * the kernel answer it instead, so the worker is never left blocked.
 */
import type { KernelMessage } from '@jupyterlab/services';
import { PromiseDelegate } from '@lumino/coreutils';

import type {
  InterruptSignal,
  IPromptRequest,
  PromptAnswer
} from '../worker/protocol';

export class Prompts {
  constructor(
    private _send: (
      content: KernelMessage.IInputRequestMsg['content'],
      parentHeader: IPromptRequest['parentHeader']
    ) => void
  ) {}

  /** Whether a prompt waits for its answer. */
  get pending(): boolean {
    return this._pending !== null;
  }

  /** Show a prompt in the notebook; resolves with its answer. */
  ask(request: IPromptRequest): Promise<PromptAnswer> {
    if (this._disposed) {
      return Promise.resolve({ error: 'the kernel has shut down' });
    }
    // One cell runs at a time, so a prompt still open is a stale one; it is
    // dropped unanswered: an answer now would reach this request too (the
    // service worker tells stdin answers apart by page only).
    const pending = new PromiseDelegate<PromptAnswer>();
    this._pending = pending;
    this._send(
      { prompt: request.prompt, password: request.password },
      request.parentHeader
    );
    return pending.promise;
  }

  /** The notebook's `input_reply`; one without an open prompt is dropped. */
  reply(content: KernelMessage.IInputReplyMsg['content']): void {
    this._answer(
      content.status === 'ok'
        ? { value: content.value }
        : { error: 'the notebook did not answer the prompt' }
    );
  }

  /** Cancel the open prompt with `signal`; false when none is open. */
  cancel(signal: InterruptSignal): boolean {
    return this._answer({ cancelled: signal });
  }

  dispose(): void {
    this._disposed = true;
    this._answer({ error: 'the kernel has shut down' });
  }

  private _answer(answer: PromptAnswer): boolean {
    const pending = this._pending;
    this._pending = null;
    pending?.resolve(answer);
    return pending !== null;
  }

  private _pending: PromiseDelegate<PromptAnswer> | null = null;
  private _disposed = false;
}
