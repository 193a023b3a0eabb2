/**
 * `input()` and `getpass()` for Python: a synchronous request to the
 * JupyterLite service worker, which hands it to the kernel on the main thread
 * and blocks until the notebook answers, or Stop cancels the prompt.
 */
import { URLExt } from '@jupyterlab/coreutils';
import type { KernelMessage } from '@jupyterlab/services';

import { IPromptRequest, PROMPT_ROUTE, PromptAnswer } from './protocol';

export interface IStdinOptions {
  kernelId: string;
  baseUrl: string;
  browsingContextId?: string;
}

/** The typed text, or the signal that cancelled the prompt. */
export function requestInput(
  options: IStdinOptions | null,
  parentHeader: KernelMessage.IHeader | undefined,
  prompt: string,
  password: boolean
): string | number {
  if (!options?.browsingContextId) {
    throw new Error(
      'input() needs the JupyterLite service worker, which is not active on this page.'
    );
  }
  const data: IPromptRequest = {
    kernelId: options.kernelId,
    prompt,
    password,
    parentHeader: parentHeader as IPromptRequest['parentHeader']
  };
  const xhr = new XMLHttpRequest();
  xhr.open(
    'POST',
    URLExt.join(options.baseUrl, 'api/stdin', PROMPT_ROUTE),
    false
  );
  xhr.send(
    JSON.stringify({ browsingContextId: options.browsingContextId, data })
  );
  if (xhr.status !== 200) {
    throw new Error(
      `input() got no answer: the service worker replied ${xhr.status}.`
    );
  }
  const answer = JSON.parse(xhr.responseText) as PromptAnswer;
  if ('error' in answer) {
    throw new Error(`input() failed: ${answer.error}`);
  }
  return 'cancelled' in answer ? answer.cancelled : answer.value;
}
