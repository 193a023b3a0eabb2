/**
 * One running flow on the page: its comm, its view, its cycle. Commands come
 * from Python on the comm; each is routed (a page, the bridge) and its
 * response goes back. The flow ends on CommandSystemExit, on Stop, on a
 * restart, when the notebook closes, or when the kernel no longer knows it;
 * each end is said in the output and in its text/plain transcript.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { Kernel, KernelMessage } from '@jupyterlab/services';

import type { IHostBridge } from '../bridge/tokens';
import { element } from '../ui/dom';
import type { IRenderedPage } from './page';
import { renderPage } from './pages';
import { route } from './router';
import type {
  FlowCommand,
  FlowPayload,
  FlowReplyMsg,
  IFlowCommandMsg,
  IFlowFiles,
  IFlowPage
} from './tokens';

export interface IFlowContext {
  kernelId: () => string | undefined;
  notebook: () => string;
  bridge: IHostBridge | null;
  files: IFlowFiles | null;
}

/** One cycle's timings (ms, performance.now()): for the benchmark. */
export interface ICycleTiming {
  seq: number;
  received: number;
  rendered: number;
  answered: number;
}

let flowCount = 0;

export class FlowController {
  readonly node = element('div', 'bg-Flow');

  constructor(
    readonly flowId: string,
    private readonly _comm: Kernel.IComm,
    private readonly _context: IFlowContext
  ) {
    this._uid = `bg-flow-${++flowCount}`;
    this.node.dataset.flowId = flowId;
    // Keys in a prompt are the prompt's (arrows, Space, Enter), not the
    // notebook's command-mode shortcuts.
    this.node.setAttribute('data-lm-suppress-shortcuts', 'true');
    this._status.setAttribute('role', 'status');
    this.node.append(this._status, this._area);
    this._setStatus('Waiting for the flow…');
    _comm.onMsg = msg => this._onMsg(msg);
    _comm.onClose = () => this.end('The kernel closed this flow.', false);
  }

  get ended(): boolean {
    return this._ended !== null;
  }

  /** The timings of every cycle so far. */
  readonly timings: ICycleTiming[] = [];

  /** The output model whose text/plain carries the transcript. */
  attach(model: IRenderMime.IMimeModel): void {
    this._model = model;
    this._writeTranscript();
  }

  /** Stop: Python closes the generator and says so. */
  stop(reason: string): void {
    if (this.ended) {
      return;
    }
    this._send({ type: 'stop', reason });
  }

  /** The notebook closed, or the output went away: end without a reply. */
  close(reason: string): void {
    if (this.ended) {
      return;
    }
    this.end(reason);
    try {
      this._comm.close();
    } catch {
      // the kernel is gone already
    }
  }

  /** End here (the kernel cannot answer any more); said in the output. */
  end(info: string, fromPage = true): void {
    if (this.ended) {
      return;
    }
    this._ended = info;
    this._page?.disable();
    this._setStatus(`Flow ended: ${info}`);
    this.node.classList.add('bg-mod-ended');
    if (fromPage && !this._transcript.includes('\nEnded: ')) {
      this._transcript += `\nEnded: ${info}`;
    }
    this._writeTranscript();
  }

  private _onMsg(msg: KernelMessage.ICommMsgMsg): void {
    const data = msg.content.data as unknown as IFlowCommandMsg;
    if (data?.type !== 'command' || this.ended) {
      return;
    }
    this._seq = data.seq;
    this._transcript = String(data.transcript ?? this._transcript);
    this._writeTranscript();
    void this._cycle(data.seq, data.command);
  }

  private async _cycle(seq: number, command: FlowCommand): Promise<void> {
    const timing: ICycleTiming = {
      seq,
      received: performance.now(),
      rendered: 0,
      answered: 0
    };
    let payload: FlowPayload | null;
    try {
      payload = await route(command, {
        bridge: this._context.bridge,
        notebook: this._context.notebook(),
        render: page => {
          const shown = this._show(page);
          requestAnimationFrame(() => (timing.rendered = performance.now()));
          return shown;
        }
      });
    } catch (error) {
      payload = {
        __type__: 'PayloadVoid',
        value: `the frontend failed: ${(error as Error)?.message ?? error}`
      };
    }
    this._context.bridge?.flush();
    if (command.__type__ === 'CommandSystemExit') {
      this.end(`${command.info} (exit code ${command.code})`, false);
      return;
    }
    if (payload === null || this.ended || seq !== this._seq) {
      return;
    }
    timing.answered = performance.now();
    this.timings.push(timing);
    this._setStatus('Working…');
    this._send({ type: 'response', seq, payload });
  }

  private _show(page: IFlowPage): Promise<FlowPayload> {
    if (
      this._page?.update &&
      this._pageType === page.__type__ &&
      this._page.update(page)
    ) {
      this._setStatus('');
      return Promise.resolve({ __type__: 'PayloadTrue', value: true });
    }
    this._page?.disable();
    this._page = renderPage(page, {
      id: suffix => `${this._uid}-${this._seq}-${suffix}`,
      attachFile: file => this._attachFile(file)
    });
    this._pageType = page.__type__;
    this._area.replaceChildren(this._page.node);
    this._setStatus('');
    return this._page.answer;
  }

  private async _attachFile(file: File): Promise<FlowPayload> {
    const files = this._context.files;
    const kernelId = this._context.kernelId();
    if (!files || !kernelId) {
      throw new Error(
        'choosing a file needs the browsergrad kernel in JupyterLite'
      );
    }
    const fileId = `${this.flowId}-${this._seq}`;
    const info = await files.attach(kernelId, fileId, file);
    return {
      __type__: 'PayloadFile',
      value: { file_id: fileId, name: info.name, size: info.size }
    };
  }

  private _send(data: FlowReplyMsg): void {
    const seq = this._seq;
    let future: Kernel.IShellFuture | undefined;
    try {
      future = this._comm.send(data as any);
    } catch (error) {
      this.end(`The kernel is gone (${(error as Error)?.message ?? error}).`);
      return;
    }
    // Python answers every response before its handler returns; if nothing
    // came, this flow is not in the kernel any more (a restart).
    void future?.done.then(
      () => {
        if (!this.ended && this._seq === seq) {
          this.end(
            'The kernel no longer runs this flow (it restarted or lost its state).'
          );
        }
      },
      () => this.end('The kernel did not take the answer.')
    );
  }

  private _setStatus(text: string): void {
    this._status.textContent = text;
    this._status.hidden = !text;
  }

  private _writeTranscript(): void {
    const model = this._model;
    if (!model || model.data['text/plain'] === this._transcript) {
      return;
    }
    model.setData({ data: { ...model.data, 'text/plain': this._transcript } });
  }

  private _uid: string;
  private _seq = 0;
  private _ended: string | null = null;
  private _page: IRenderedPage | null = null;
  private _pageType = '';
  private _transcript = '';
  private _model: IRenderMime.IMimeModel | null = null;
  private _status = element('p', 'bg-Flow-status');
  private _area = element('div', 'bg-Flow-area');
}
