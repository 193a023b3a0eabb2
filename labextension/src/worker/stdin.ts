/**
 * `input()` and `getpass()` for Python: a synchronous request to the
 * JupyterLite service worker, which forwards it to the notebook and blocks
 * until the user answers.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { KernelMessage } from '@jupyterlab/services';

export interface IStdinOptions {
  baseUrl: string;
  browsingContextId?: string;
}

export function requestInput(
  options: IStdinOptions | null,
  parentHeader: KernelMessage.IHeader | undefined,
  prompt: string,
  password: boolean
): string {
  if (!options?.browsingContextId) {
    throw new Error(
      'input() needs the JupyterLite service worker, which is not active on this page.'
    );
  }
  const request = KernelMessage.createMessage<KernelMessage.IInputRequestMsg>({
    channel: 'stdin',
    msgType: 'input_request',
    session: parentHeader?.session ?? '',
    parentHeader: parentHeader as any,
    content: { prompt, password }
  });
  const xhr = new XMLHttpRequest();
  xhr.open('POST', URLExt.join(options.baseUrl, 'api/stdin/kernel'), false);
  xhr.send(
    JSON.stringify({
      browsingContextId: options.browsingContextId,
      data: request
    })
  );
  if (xhr.status !== 200) {
    throw new Error(
      `input() got no answer: the service worker replied ${xhr.status}.`
    );
  }
  const reply = JSON.parse(xhr.responseText);
  if ('error' in reply) {
    throw new Error(`input() failed: ${reply.error}`);
  }
  return reply.content.value;
}
