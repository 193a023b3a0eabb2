/**
 * The kernel_info reply of the browsergrad kernel: the runtime's versions,
 * and how Stop, time limits and output limits work on this page.
 */
import type { KernelMessage } from '@jupyterlab/services';

import type { IOutputLimit } from '../output/outputLimit';
import { stopMode } from '../stop/mode';
import type { IBootInfo } from '../worker/protocol';

export interface IKernelInfoOptions {
  /** What the worker reported at boot, or null before it has. */
  boot: IBootInfo | null;
  canInterrupt: boolean;
  timeLimit: number | null;
  outputLimit: IOutputLimit;
}

export function kernelInfoReply(
  options: IKernelInfoOptions
): KernelMessage.IInfoReplyMsg['content'] {
  const { boot, canInterrupt } = options;
  const mode = stopMode(canInterrupt);
  const reply = {
    implementation: 'browsergrad',
    implementation_version: boot?.browsergradVersion ?? '',
    language_info: {
      codemirror_mode: { name: 'python', version: 3 },
      file_extension: '.py',
      mimetype: 'text/x-python',
      name: 'python',
      nbconvert_exporter: 'python',
      pygments_lexer: 'ipython3',
      version: boot?.pythonVersion ?? '3'
    },
    protocol_version: '5.3',
    status: 'ok',
    banner:
      `browsergrad ${boot?.browsergradVersion ?? ''}: Python ${
        boot?.pythonVersion ?? ''
      } on Pyodide ${boot?.pyodideVersion ?? ''}, in your browser.\n` +
      `Stop ${mode.label}: ${mode.reason}`,
    help_links: [],
    browsergrad: {
      stop: mode.name,
      can_interrupt: canInterrupt,
      cross_origin_isolated: self.crossOriginIsolated === true,
      reason: mode.reason,
      start: boot?.start ?? null,
      start_note: boot?.startNote ?? null,
      time_limit: options.timeLimit,
      output_limit: options.outputLimit
    }
  };
  return reply as KernelMessage.IInfoReplyMsg['content'];
}
