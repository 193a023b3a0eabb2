/**
 * The worker side of the kernel: owns one Pyodide interpreter running the
 * IPython-based `pyodide_kernel`, and answers the main thread's calls.
 */
import type { KernelMessage } from '@jupyterlab/services';

import {
  FileSource,
  IAttachedFile,
  IAttachOptions,
  IBootInfo,
  IBootOptions,
  IBrowsergradWorker,
  IFileWrite,
  IRunOptions,
  SIGNAL_SLOT,
  InterruptSignal,
  WorkerEvent
} from './protocol';
import { bootPyodide } from './boot';
import { takePlain, toBuffers, toPlain } from './convert';
import { mountDrive } from './drive';
import { FileSlices } from './files';
import { loadPackages, writeFiles } from './packages';
import { IStdinOptions, requestInput } from './stdin';
import { StreamBuffer } from './streams';

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;

export class BrowsergradWorker implements IBrowsergradWorker {
  async boot(options: IBootOptions): Promise<IBootInfo> {
    if (this._pyodide) {
      throw new Error('This worker is already booted.');
    }
    this._events = options.events;
    const {
      pyodide,
      entry,
      versions,
      signals,
      timings,
      start,
      startNote,
      snapshotBytes
    } = await bootPyodide(
      options,
      (level, text) => this._post({ type: 'log', level, text }),
      () => this._post({ type: 'restoring' })
    );
    this._pyodide = pyodide;
    this._signals = signals;
    this._entry = entry;
    pyodide._api.on_fatal = (error: Error) =>
      this._post({
        type: 'fatal',
        text: `Pyodide stopped with a fatal error: ${error.name}: ${error.message}`
      });
    const module = pyodide.pyimport('pyodide_kernel');
    this._kernel = module.kernel_instance;
    this._wireCallbacks(module);
    entry.install_flow_files(
      (id: string, start: number, end: number) =>
        this._files.read(id, start, end),
      (id: string) => this._files.drop(id)
    );
    if (snapshotBytes) {
      // moved, not copied: this worker no longer needs them
      const returned: WorkerEvent = {
        type: 'snapshotBytes',
        bytes: snapshotBytes
      };
      this._events?.postMessage(returned, [
        snapshotBytes.memory.buffer,
        snapshotBytes.files.buffer
      ]);
    }
    return {
      pythonVersion: versions[0],
      pyodideVersion: pyodide.version,
      browsergradVersion: versions[1],
      timings,
      start,
      startNote
    };
  }

  async attach(options: IAttachOptions): Promise<void> {
    const pyodide = this._ready();
    this._stdin = options;
    if (options.mountDrive) {
      const cwd = mountDrive(pyodide, options);
      pyodide.FS.mkdirTree(cwd);
      pyodide.FS.chdir(cwd);
    }
    if (options.packages?.length) {
      await loadPackages(pyodide, options.packages, (name, status, text) =>
        this._post({ type: 'package', package: name, status, text })
      );
    }
    if (options.files?.length) {
      writeFiles(pyodide, options.files);
    }
  }

  async writeFiles(files: IFileWrite[]): Promise<void> {
    writeFiles(this._ready(), files);
  }

  async execute(
    content: KernelMessage.IExecuteRequestMsg['content'],
    parent: KernelMessage.IMessage,
    run: IRunOptions
  ): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    this._setParent(parent);
    this._clearSignal();
    this._runSeq = run.seq;
    let reply: any;
    try {
      const cell = this._entry.run_cell(
        this._kernel,
        content.code,
        run.timeLimit ?? null
      );
      reply = takePlain<any>(await cell);
    } finally {
      this._runSeq = null;
      this._clearSignal();
      // Replies travel on another port: this marks where the outputs end.
      this._post({ type: 'ran', seq: run.seq });
    }
    if (reply.status === 'error') {
      this._post({
        type: 'error',
        parentHeader: this._parentHeader!,
        content: {
          ename: reply.ename,
          evalue: reply.evalue,
          traceback: reply.traceback
        }
      });
    }
    return reply;
  }

  async interrupt(seq: number, signal: InterruptSignal): Promise<boolean> {
    if (seq !== this._runSeq) {
      return false;
    }
    // Python is idle (this call runs), so the cell awaits: take the signal
    // from the buffer and raise it at the await instead.
    if (this._signals && this._clearSignal() === 0) {
      return false;
    }
    return this._entry.interrupt_waiting(signal) === true;
  }

  async complete(
    content: KernelMessage.ICompleteRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    this._setParent(parent);
    if (!this._jediEnabled) {
      // jedi is deferred at boot; bring it in for the first completion.
      this._jediEnabled = true;
      this._entry.enable_jedi();
    }
    return takePlain(this._kernel.complete(content.code, content.cursor_pos));
  }

  async inspect(
    content: KernelMessage.IInspectRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    this._setParent(parent);
    return takePlain(
      this._kernel.inspect(
        content.code,
        content.cursor_pos,
        content.detail_level
      )
    );
  }

  async isComplete(
    content: KernelMessage.IIsCompleteRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    this._setParent(parent);
    return takePlain(this._kernel.is_complete(content.code));
  }

  async commInfo(
    content: KernelMessage.ICommInfoRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    this._setParent(parent);
    const comms = takePlain(this._kernel.comm_info(content.target_name ?? ''));
    return { status: 'ok', comms } as any;
  }

  async commOpen(
    msg: KernelMessage.ICommOpenMsg,
    parent: KernelMessage.IMessage
  ): Promise<void> {
    this._commCall('comm_open', msg, parent);
  }

  async commMsg(
    msg: KernelMessage.ICommMsgMsg,
    parent: KernelMessage.IMessage
  ): Promise<void> {
    this._commCall('comm_msg', msg, parent);
  }

  async commClose(
    msg: KernelMessage.ICommCloseMsg,
    parent: KernelMessage.IMessage
  ): Promise<void> {
    this._commCall('comm_close', msg, parent);
  }

  async attachFile(id: string, source: FileSource): Promise<IAttachedFile> {
    this._ready();
    return this._files.add(id, source);
  }

  private _commCall(
    method: 'comm_open' | 'comm_msg' | 'comm_close',
    msg: KernelMessage.IMessage,
    parent: KernelMessage.IMessage
  ): void {
    this._setParent(parent);
    const pyodide = this._ready();
    const manager = this._kernel.comm_manager;
    const pyMsg = pyodide.toPy(msg);
    this._clearSignal();
    try {
      manager[method](null, null, pyMsg);
    } catch (error) {
      // Stop (or a time limit) reached a widget callback: it is over, and
      // the kernel goes on.
      const name = (error as any)?.type;
      if (name !== 'KeyboardInterrupt' && name !== 'TimeoutError') {
        throw error;
      }
      // Where Jupyter shows a callback's output: the log console.
      this._streams.write(
        'stderr',
        `${name}: a widget callback was stopped.\n`,
        this._parentHeader!
      );
    } finally {
      this._clearSignal();
      pyMsg.destroy();
      manager.destroy();
    }
  }

  /** Route the kernel's Python-side output to WorkerEvents. */
  private _wireCallbacks(module: any): void {
    const header = () => this._parentHeader!;
    const interpreter = this._kernel.interpreter;
    const stream = (name: 'stdout' | 'stderr', text: string) =>
      this._streams.write(name, text, header());
    const flush = () => this._streams.flush();
    for (const pyStream of [module.stdout_stream, module.stderr_stream]) {
      pyStream.publish_stream_callback = stream;
      pyStream.flush = flush;
    }
    const display = interpreter.display_pub;
    display.display_data_callback = (
      data: any,
      metadata: any,
      transient: any
    ) =>
      this._post({
        type: 'display_data',
        parentHeader: header(),
        content: {
          data: toPlain(data),
          metadata: toPlain(metadata) ?? {},
          transient: toPlain(transient) ?? {}
        }
      });
    display.update_display_data_callback = (
      data: any,
      metadata: any,
      transient: any
    ) =>
      this._post({
        type: 'update_display_data',
        parentHeader: header(),
        content: {
          data: toPlain(data),
          metadata: toPlain(metadata) ?? {},
          transient: toPlain(transient) ?? {}
        }
      });
    display.clear_output_callback = (wait: boolean) =>
      this._post({
        type: 'clear_output',
        parentHeader: header(),
        content: { wait: !!wait }
      });
    interpreter.displayhook.publish_execution_result = (
      count: number,
      data: any,
      metadata: any
    ) =>
      this._post({
        type: 'execute_result',
        parentHeader: header(),
        content: {
          execution_count: count,
          data: toPlain(data),
          metadata: toPlain(metadata) ?? {}
        }
      });
    interpreter.send_comm = (
      type: 'comm_open' | 'comm_msg' | 'comm_close',
      content: any,
      metadata: any,
      ident: any,
      buffers: any
    ) =>
      this._post({
        type,
        parentHeader: header(),
        content: toPlain(content),
        metadata: toPlain(metadata) ?? {},
        buffers: toBuffers(buffers)
      });
    // Python raises the error of a signal that cancelled the prompt.
    const ask = (prompt: string, password: boolean) => {
      this._streams.flush();
      return requestInput(this._stdin, this._parentHeader, prompt, password);
    };
    interpreter.input = this._entry.prompt_reader(ask, false);
    interpreter.getpass = this._entry.prompt_reader(ask, true);
    interpreter.destroy();
    display.destroy();
  }

  private _setParent(parent: KernelMessage.IMessage): void {
    const pyodide = this._ready();
    this._parentHeader = parent.header;
    const header = pyodide.toPy(parent);
    try {
      this._kernel._parent_header = header;
    } finally {
      header.destroy();
    }
  }

  /** Empty the interrupt buffer; returns the signal it held. */
  private _clearSignal(): number {
    return this._signals ? Atomics.exchange(this._signals, SIGNAL_SLOT, 0) : 0;
  }

  private _ready(): any {
    if (!this._pyodide) {
      throw new Error('The worker has not booted.');
    }
    return this._pyodide;
  }

  private _post(event: WorkerEvent): void {
    // Held stream text goes first, so outputs keep their order.
    this._streams.flush();
    const buffers =
      'buffers' in event ? (event.buffers as Transferable[]) : undefined;
    this._events?.postMessage(event, buffers ?? []);
  }

  private _pyodide: any = null;
  /** The kernel's Python entry module (see `bootPyodide`). */
  private _entry: any = null;
  private _signals: Int32Array | null = null;
  private _runSeq: number | null = null;
  private _kernel: any = null;
  private _events: MessagePort | null = null;
  private _parentHeader: Header | undefined;
  private _stdin: IStdinOptions | null = null;
  private _jediEnabled = false;
  private _files = new FileSlices();
  private _streams = new StreamBuffer((name, text, parentHeader) =>
    this._post({ type: 'stream', parentHeader, content: { name, text } })
  );
}
