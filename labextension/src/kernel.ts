/**
 * The browsergrad kernel on the main thread: a JupyterLite kernel whose work
 * is done by a Pyodide worker taken from the pool.
 */
import type { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, IKernel } from '@jupyterlite/services';
import { PromiseDelegate } from '@lumino/coreutils';

import { CellRun } from './cellRun';
import type { IOutputLimit } from './outputLimit';
import { StreamGate } from './streamGate';
import { WorkerLost, lostReply, stopMode } from './stopErrors';
import { cellTimeLimit, TimeLimitError } from './timeLimit';
import {
  IAttachOptions,
  IBootInfo,
  IBrowsergradWorker,
  IWarmWorker,
  IWorkerPool,
  Signal,
  WorkerEvent
} from './tokens';

export namespace BrowsergradKernel {
  export interface IOptions extends IKernel.IOptions {
    /** Where this kernel's worker comes from, and its replacements. */
    pool: IWorkerPool;
    /** Per-kernel options sent to the worker once it has booted. */
    attach: Omit<IAttachOptions, 'kernelId' | 'location'>;
    /** Where worker log lines go (the log console). */
    log?: (level: 'info' | 'warning' | 'critical', text: string) => void;
    /** A cell's metadata, found by the cell id of an execute request. */
    cellMetadata?: (cellId: string) => Record<string, unknown> | undefined;
    /** The site's default time limit in seconds. */
    timeLimit?: number | null;
    /** How much printed output a cell shows (`null`: no limit). */
    outputLimit: IOutputLimit;
  }
}

/** Worker events that are outputs of a cell, or its end. */
const CELL_OUTPUTS = new Set<WorkerEvent['type']>([
  'display_data',
  'update_display_data',
  'clear_output',
  'execute_result',
  'error',
  'ran'
]);

export class BrowsergradKernel extends BaseKernel {
  constructor(options: BrowsergradKernel.IOptions) {
    super(options);
    this._options = options;
    this._log = options.log ?? (() => undefined);
    this._outputLimit = options.outputLimit;
    this._streams = new StreamGate(
      {
        stream: (content, parent) => this.stream(content, parent),
        displayData: (content, parent) => this.displayData(content, parent),
        updateDisplayData: (content, parent) =>
          this.updateDisplayData(content, parent)
      },
      this._outputLimit
    );
    this._worker = this._claim(options.pool.take());
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
    this._lost.reject(new WorkerLost('disposed'));
    this._run?.finish();
    this._streams.dispose();
    this._worker.terminate();
    super.dispose();
  }

  /** Stop the running cell, if any; harmless otherwise. */
  interrupt(): void {
    this._run?.stop(Signal.stop);
  }

  /** Whether Stop keeps the kernel's state on this page. */
  get canInterrupt(): boolean {
    return this._worker.canInterrupt;
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    const info = this._bootInfo;
    const mode = stopMode(this.canInterrupt);
    const reply = {
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
      banner:
        `browsergrad ${info?.browsergradVersion ?? ''}: Python ${
          info?.pythonVersion ?? ''
        } on Pyodide ${info?.pyodideVersion ?? ''}, in your browser.\n` +
        `Stop ${mode.label}: ${mode.reason}`,
      help_links: [],
      browsergrad: {
        stop: mode.name,
        can_interrupt: this.canInterrupt,
        cross_origin_isolated: self.crossOriginIsolated === true,
        reason: mode.reason,
        time_limit: this._options.timeLimit ?? null,
        output_limit: this._outputLimit
      }
    };
    return reply as KernelMessage.IInfoReplyMsg['content'];
  }

  async executeRequest(
    content: KernelMessage.IExecuteRequestMsg['content']
  ): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    let limited;
    try {
      const cellId = (parent.metadata as any)?.cellId;
      limited = cellTimeLimit(
        content.code,
        cellId ? this._options.cellMetadata?.(cellId) : undefined,
        this._options.timeLimit ?? null
      );
    } catch (error) {
      if (!(error instanceof TimeLimitError)) {
        throw error;
      }
      return this._fail({
        ename: error.name,
        evalue: error.message,
        traceback: []
      });
    }
    const run = new CellRun(
      ++this._runSeq,
      limited.timeLimit,
      this._worker,
      signal =>
        this._replaceWorker(signal === Signal.stop ? 'stop' : 'timeLimit')
    );
    this._run = run;
    const ran = new PromiseDelegate<void>();
    this._ran.set(run.seq, ran);
    try {
      const reply = await this._call(remote =>
        remote.execute({ ...content, code: limited.code }, parent, {
          seq: run.seq,
          timeLimit: run.timeLimit
        })
      );
      // Reply after the cell's last output, which comes on the event port.
      await this._call(() => ran.promise);
      return { ...reply, execution_count: this.executionCount };
    } catch (error) {
      if (error instanceof WorkerLost) {
        return this._fail(
          lostReply(error.cause, run.timeLimit, this.canInterrupt)
        );
      }
      // The worker failed outside the cell's own code: say so in the cell,
      // and reply, so the notebook does not wait forever.
      return this._fail({
        ename: 'KernelError',
        evalue: `The kernel could not run the cell: ${
          (error as Error)?.message ?? error
        }`,
        traceback: []
      });
    } finally {
      this._ran.delete(run.seq);
      run.finish();
      if (this._run === run) {
        this._run = null;
      }
    }
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content']
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._call(remote => remote.complete(content, parent));
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content']
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._call(remote => remote.inspect(content, parent));
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content']
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._call(remote => remote.isComplete(content, parent));
  }

  async commInfoRequest(
    content: KernelMessage.ICommInfoRequestMsg['content']
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._call(remote => remote.commInfo(content, parent));
  }

  inputReply(content: KernelMessage.IInputReplyMsg['content']): void {
    // Replies travel through the service worker straight to the blocked worker.
  }

  async commOpen(msg: KernelMessage.ICommOpenMsg): Promise<void> {
    const parent = this.parent!;
    await this._callback(remote => remote.commOpen(msg, parent));
  }

  async commMsg(msg: KernelMessage.ICommMsgMsg): Promise<void> {
    const parent = this.parent!;
    await this._callback(remote => remote.commMsg(msg, parent));
  }

  async commClose(msg: KernelMessage.ICommCloseMsg): Promise<void> {
    const parent = this.parent!;
    await this._callback(remote => remote.commClose(msg, parent));
  }

  /**
   * Run a widget message: Stop reaches its callback as it reaches a cell,
   * and a restart to stop it is reported, not thrown.
   */
  private async _callback(
    call: (remote: IBrowsergradWorker) => Promise<void>
  ): Promise<void> {
    await this.ready;
    const run = new CellRun(++this._runSeq, null, this._worker, () =>
      this._replaceWorker('stop')
    );
    this._run = run;
    try {
      await this._call(call);
    } catch (error) {
      if (!(error instanceof WorkerLost)) {
        throw error;
      }
      this._log('warning', 'A widget callback was stopped by a restart.');
    } finally {
      run.finish();
      if (this._run === run) {
        this._run = null;
      }
    }
  }

  /** Make `worker` this kernel's: its events, its boot, its attach. */
  private _claim(worker: IWarmWorker): IWarmWorker {
    this._ready = new PromiseDelegate<void>();
    this._ready.promise.catch(() => undefined);
    this._lost = new PromiseDelegate<never>();
    this._lost.promise.catch(() => undefined);
    worker.listen(event => this._onEvent(worker, event));
    void this._start(worker);
    return worker;
  }

  private async _start(worker: IWarmWorker): Promise<void> {
    const ready = this._ready;
    try {
      this._bootInfo = await worker.booted;
      console.info('browsergrad: worker boot (ms)', this._bootInfo.timings);
      await worker.remote.attach({
        ...this._options.attach,
        kernelId: this.id,
        location: this.location
      });
      ready.resolve();
      this._options.pool.prewarmWhenIdle();
    } catch (error) {
      const text = `The browsergrad kernel could not start: ${
        (error as Error)?.message ?? error
      }`;
      this._log('critical', text);
      console.error(text, error);
      ready.reject(error);
    }
  }

  /** Call the worker; rejects with WorkerLost if it is replaced meanwhile. */
  private _call<T>(
    call: (remote: IBrowsergradWorker) => Promise<T>
  ): Promise<T> {
    // Every method of the worker API is async, so its comlink proxy has
    // the same signatures.
    const remote = this._worker.remote as unknown as IBrowsergradWorker;
    return Promise.race([call(remote), this._lost.promise]);
  }

  /**
   * Give up the current worker (Stop without a shared buffer, an
   * unresponsive cell, a crash) and carry on with a warm spare.
   */
  private _replaceWorker(cause: WorkerLost['cause']): void {
    if (this.isDisposed) {
      return;
    }
    const old = this._worker;
    const lost = this._lost;
    this._run?.finish();
    // What the old worker printed is shown before the cell's error.
    this._streams.flush();
    this._worker = this._claim(this._options.pool.take());
    old.terminate();
    lost.reject(new WorkerLost(cause));
    this._log(
      'warning',
      `The browsergrad kernel restarted its worker (${cause}).`
    );
  }

  /** Show an error in the cell and reply with it. */
  private _fail(error: {
    ename: string;
    evalue: string;
    traceback: string[];
  }): KernelMessage.IExecuteReplyMsg['content'] {
    this._streams.flush();
    this.publishExecuteError(error, this.parentHeader);
    return {
      status: 'error',
      execution_count: this.executionCount,
      ...error
    } as KernelMessage.IExecuteReplyMsg['content'];
  }

  private _onEvent(worker: IWarmWorker, event: WorkerEvent): void {
    if (worker !== this._worker) {
      return; // a replaced worker's last words
    }
    if (event.type === 'stream') {
      this._streams.write(
        event.content.name,
        event.content.text,
        event.parentHeader
      );
      return;
    }
    if (CELL_OUTPUTS.has(event.type)) {
      // Held text goes first, so the cell's outputs keep their order.
      this._streams.flush();
    }
    switch (event.type) {
      case 'display_data':
        this.displayData(event.content, event.parentHeader);
        break;
      case 'update_display_data':
        this.updateDisplayData(event.content, event.parentHeader);
        break;
      case 'clear_output':
        this.clearOutput(event.content, event.parentHeader);
        this._streams.cleared(event.parentHeader);
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
      case 'ran':
        this._ran.get(event.seq)?.resolve();
        break;
      case 'fatal':
        this._log('critical', event.text);
        this._replaceWorker('crash');
        break;
    }
  }

  private _options: BrowsergradKernel.IOptions;
  private _worker: IWarmWorker;
  private _ready = new PromiseDelegate<void>();
  private _lost = new PromiseDelegate<never>();
  private _run: CellRun | null = null;
  private _runSeq = 0;
  private _ran = new Map<number, PromiseDelegate<void>>();
  private _bootInfo: IBootInfo | null = null;
  private _outputLimit: IOutputLimit;
  private _streams: StreamGate;
  private _log: NonNullable<BrowsergradKernel.IOptions['log']>;
}
