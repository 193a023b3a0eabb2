/**
 * The browsergrad kernel on the main thread: a JupyterLite kernel whose work
 * is done by a Pyodide worker taken from the pool.
 */
import type { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, IKernel } from '@jupyterlite/services';
import { PromiseDelegate } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import type { IOutputLimit } from '../output/outputLimit';
import { StreamGate } from '../output/streamGate';
import { CellRun } from '../stop/cellRun';
import { LostCause, WorkerLost, lostReply } from '../stop/errors';
import { cellTimeLimit, TimeLimitError } from '../stop/timeLimit';
import type { IWorkerPool } from './tokens';
import {
  IAttachedFile,
  IAttachOptions,
  IBootInfo,
  IBrowsergradWorker,
  InterruptSignal,
  IPromptRequest,
  PromptAnswer,
  WorkerEvent
} from '../worker/protocol';
import { kernelInfoReply } from './kernelInfo';
import { KernelWorker } from './kernelWorker';
import { Prompts } from './prompts';

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
    this._worker = new KernelWorker({
      pool: options.pool,
      attach: () => ({
        ...options.attach,
        kernelId: this.id,
        location: this.location
      }),
      onEvent: event => this._onEvent(event),
      log: this._log
    });
    this._prompts = new Prompts((content, parentHeader) =>
      this.inputRequest(content, parentHeader)
    );
  }

  /** Resolves when the worker has booted and is bound to this kernel. */
  get ready(): Promise<void> {
    return this._worker.ready;
  }

  /**
   * Emitted when the kernel replaced its worker: its interpreter restarted,
   * though its connections stay open.
   */
  get workerReplaced(): ISignal<this, LostCause> {
    return this._workerReplaced;
  }

  /** What the worker reported at boot, once it has. */
  get bootInfo(): IBootInfo | null {
    return this._worker.bootInfo;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._worker.dispose(new Error(`Kernel ${this.id} was disposed.`));
    this._run?.finish();
    this._prompts.dispose();
    this._streams.dispose();
    super.dispose();
  }

  /** Stop the running cell, if any; harmless otherwise. */
  interrupt(): void {
    this._run?.stop(InterruptSignal.stop);
  }

  /** Hold a file chosen in a flow in the worker, for Python to read in slices. */
  async attachFile(fileId: string, file: File): Promise<IAttachedFile> {
    await this.ready;
    return this._worker.call(remote => remote.attachFile(fileId, file));
  }

  /** An `input()` prompt of the running cell; resolves with its answer. */
  answerPrompt(request: IPromptRequest): Promise<PromptAnswer> {
    return this._prompts.ask(request);
  }

  async handleMessage(msg: KernelMessage.IMessage): Promise<void> {
    // An answer to a prompt, while the cell that asked still runs: not a
    // request of its own (no busy/idle, the cell stays the parent).
    if (msg.header.msg_type === 'input_reply') {
      this.inputReply((msg as KernelMessage.IInputReplyMsg).content);
      return;
    }
    return super.handleMessage(msg);
  }

  /** Whether Stop keeps the kernel's state on this page. */
  get canInterrupt(): boolean {
    return this._worker.current.canInterrupt;
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    return kernelInfoReply({
      boot: this._worker.bootInfo,
      canInterrupt: this.canInterrupt,
      timeLimit: this._options.timeLimit ?? null,
      outputLimit: this._outputLimit
    });
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
      this._worker.current,
      (signal, answered) =>
        this._replaceWorker(
          signal !== InterruptSignal.stop
            ? 'timeLimit'
            : answered
              ? 'stopUnfinished'
              : 'stop'
        ),
      signal => this._prompts.cancel(signal)
    );
    this._run = run;
    const ran = new PromiseDelegate<void>();
    this._ran.set(run.seq, ran);
    try {
      const reply = await this._worker.call(remote =>
        remote.execute({ ...content, code: limited.code }, parent, {
          seq: run.seq,
          timeLimit: run.timeLimit
        })
      );
      // Reply after the cell's last output, which comes on the event port.
      await this._worker.call(() => ran.promise);
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
    return this._worker.call(remote => remote.complete(content, parent));
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content']
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._worker.call(remote => remote.inspect(content, parent));
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content']
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._worker.call(remote => remote.isComplete(content, parent));
  }

  async commInfoRequest(
    content: KernelMessage.ICommInfoRequestMsg['content']
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    await this.ready;
    const parent = this.parent!;
    return this._worker.call(remote => remote.commInfo(content, parent));
  }

  inputReply(content: KernelMessage.IInputReplyMsg['content']): void {
    this._prompts.reply(content);
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
    const run = new CellRun(
      ++this._runSeq,
      null,
      this._worker.current,
      (_signal, answered) =>
        this._replaceWorker(answered ? 'stopUnfinished' : 'stop'),
      signal => this._prompts.cancel(signal)
    );
    this._run = run;
    try {
      await this._worker.call(call);
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

  /**
   * Give up the current worker (Stop without a shared buffer, an
   * unresponsive cell, a crash) and carry on with a warm spare.
   */
  private _replaceWorker(cause: LostCause): void {
    if (this.isDisposed) {
      return;
    }
    this._run?.finish();
    // The old worker's prompt, if any, will never be answered now.
    this._prompts.cancel(InterruptSignal.stop);
    // What the old worker printed is shown before the cell's error.
    this._streams.flush();
    this._worker.replace(cause);
    this._workerReplaced.emit(cause);
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

  private _onEvent(event: WorkerEvent): void {
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
  private _worker: KernelWorker;
  private _run: CellRun | null = null;
  private _runSeq = 0;
  private _ran = new Map<number, PromiseDelegate<void>>();
  private _outputLimit: IOutputLimit;
  private _streams: StreamGate;
  private _prompts: Prompts;
  private _workerReplaced = new Signal<this, LostCause>(this);
  private _log: NonNullable<BrowsergradKernel.IOptions['log']>;
}
