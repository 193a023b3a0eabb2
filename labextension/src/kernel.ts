/**
 * The browsergrad kernel on the main thread: a JupyterLite kernel whose work
 * is done by a Pyodide worker taken from the pool.
 */
import type { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, IKernel } from '@jupyterlite/services';
import { PromiseDelegate } from '@lumino/coreutils';

import type {
  IAttachOptions,
  IBootInfo,
  IWarmWorker,
  WorkerEvent
} from './tokens';

export namespace BrowsergradKernel {
  export interface IOptions extends IKernel.IOptions {
    /** A started (possibly still booting) worker for this kernel alone. */
    worker: IWarmWorker;
    /** Per-kernel options sent to the worker once it has booted. */
    attach: Omit<IAttachOptions, 'kernelId' | 'location'>;
    /** Where worker log lines go (the log console). */
    log?: (level: 'info' | 'warning' | 'critical', text: string) => void;
  }
}

export class BrowsergradKernel extends BaseKernel {
  constructor(options: BrowsergradKernel.IOptions) {
    super(options);
    this._worker = options.worker;
    this._log = options.log ?? (() => undefined);
    this._worker.listen(event => this._onEvent(event));
    this._ready.promise.catch(() => undefined);
    void this._start(options);
  }

  /** Resolves when the worker has booted and is bound to this kernel. */
  get ready(): Promise<void> {
    return this._ready.promise;
  }

  /** What the worker reported at boot, once it has. */
  get bootInfo(): IBootInfo | null {
    return this._bootInfo;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._ready.reject(new Error(`Kernel ${this.id} was disposed.`));
    this._worker.terminate();
    super.dispose();
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    const info = this._bootInfo;
    return {
      implementation: 'browsergrad',
      implementation_version: info?.browsergradVersion ?? '',
      language_info: {
        codemirror_mode: { name: 'python', version: 3 },
        file_extension: '.py',
        mimetype: 'text/x-python',
        name: 'python',
        nbconvert_exporter: 'python',
        pygments_lexer: 'ipython3',
        version: info?.pythonVersion ?? '3'
      },
      protocol_version: '5.3',
      status: 'ok',
      banner: `browsergrad ${info?.browsergradVersion ?? ''}: Python ${
        info?.pythonVersion ?? ''
      } on Pyodide ${info?.pyodideVersion ?? ''}, in your browser`,
      help_links: []
    };
  }

  async executeRequest(
    content: KernelMessage.IExecuteRequestMsg['content']
  ): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    await this.ready;
    try {
      const reply = await this._worker.remote.execute(content, this.parent!);
      return { ...reply, execution_count: this.executionCount };
    } catch (error) {
      // The worker failed outside the cell's own code: say so in the cell,
      // and reply, so the notebook does not wait forever.
      const failure = {
        ename: 'KernelError',
        evalue: `The kernel could not run the cell: ${
          (error as Error)?.message ?? error
        }`,
        traceback: []
      };
      this.publishExecuteError(failure, this.parentHeader);
      return {
        status: 'error',
        execution_count: this.executionCount,
        ...failure
      } as KernelMessage.IExecuteReplyMsg['content'];
    }
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content']
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    await this.ready;
    return this._worker.remote.complete(content, this.parent!);
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content']
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    await this.ready;
    return this._worker.remote.inspect(content, this.parent!);
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content']
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    await this.ready;
    return this._worker.remote.isComplete(content, this.parent!);
  }

  async commInfoRequest(
    content: KernelMessage.ICommInfoRequestMsg['content']
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    await this.ready;
    return this._worker.remote.commInfo(content, this.parent!);
  }

  inputReply(content: KernelMessage.IInputReplyMsg['content']): void {
    // Replies travel through the service worker straight to the blocked worker.
  }

  async commOpen(msg: KernelMessage.ICommOpenMsg): Promise<void> {
    await this.ready;
    await this._worker.remote.commOpen(msg, this.parent!);
  }

  async commMsg(msg: KernelMessage.ICommMsgMsg): Promise<void> {
    await this.ready;
    await this._worker.remote.commMsg(msg, this.parent!);
  }

  async commClose(msg: KernelMessage.ICommCloseMsg): Promise<void> {
    await this.ready;
    await this._worker.remote.commClose(msg, this.parent!);
  }

  private async _start(options: BrowsergradKernel.IOptions): Promise<void> {
    try {
      this._bootInfo = await this._worker.booted;
      console.info('browsergrad: worker boot (ms)', this._bootInfo.timings);
      await this._worker.remote.attach({
        ...options.attach,
        kernelId: this.id,
        location: this.location
      });
      this._ready.resolve();
    } catch (error) {
      const text = `The browsergrad kernel could not start: ${
        (error as Error)?.message ?? error
      }`;
      this._log('critical', text);
      console.error(text, error);
      this._ready.reject(error);
    }
  }

  private _onEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'stream':
        this.stream(event.content, event.parentHeader);
        break;
      case 'display_data':
        this.displayData(event.content, event.parentHeader);
        break;
      case 'update_display_data':
        this.updateDisplayData(event.content, event.parentHeader);
        break;
      case 'clear_output':
        this.clearOutput(event.content, event.parentHeader);
        break;
      case 'execute_result':
        this.publishExecuteResult(event.content, event.parentHeader);
        break;
      case 'error':
        this.publishExecuteError(event.content, event.parentHeader);
        break;
      case 'comm_open':
      case 'comm_msg':
      case 'comm_close':
        this.handleComm(
          event.type,
          event.content,
          event.metadata,
          event.buffers,
          event.parentHeader
        );
        break;
      case 'log':
        this._log(event.level, event.text);
        break;
    }
  }

  private _worker: IWarmWorker;
  private _ready = new PromiseDelegate<void>();
  private _bootInfo: IBootInfo | null = null;
  private _log: NonNullable<BrowsergradKernel.IOptions['log']>;
}
