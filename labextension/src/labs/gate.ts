/**
 * The runtime gate of a lab notebook: a lab whose manifest is invalid, or whose
 * `requires_browsergrad` does not accept the runtime, gets a message at the top
 * of the notebook and no kernel: none can start, so nothing of it runs. There
 * is no fallback.
 *
 * Two checks: when the notebook opens, against the runtime the site ships (so
 * the kernel is stopped before it can run a cell), and whenever a kernel is
 * ready, against the browsergrad version that kernel reports itself.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { element } from '../ui/dom';
import type { ILab } from './types';
import type { LabFinder } from './finder';
import { runtimeProblem } from './manifest';

/** What the gate knows of a lab notebook. */
export interface ILabState {
  lab: ILab;
  /** The hard-fail message once the lab is stopped, else null. */
  blocked: string | null;
}

/** The browsergrad version a kernel reports, once it has started. */
async function kernelRuntime(
  kernel: Kernel.IKernelConnection
): Promise<string> {
  // Answered only once the kernel has booted; its info then has the version.
  await kernel.requestIsComplete({ code: '' });
  const reply = await kernel.requestKernelInfo();
  const info = reply?.content;
  if (!info || info.status !== 'ok') {
    return 'unknown';
  }
  if (info.implementation !== 'browsergrad') {
    return `not browsergrad (kernel ${kernel.name}: ${info.implementation})`;
  }
  return info.implementation_version;
}

/** The banner at the top of a stopped lab notebook (text only, never HTML). */
function banner(message: string): Widget {
  const widget = new Widget();
  widget.addClass('bg-LabBlocked');
  widget.node.setAttribute('role', 'alert');
  widget.node.append(
    element('strong', undefined, 'This lab cannot run here'),
    element('div', 'bg-LabBlocked-message', message),
    element(
      'div',
      'bg-LabBlocked-hint',
      'Its cells will not run. Ask for a version of the lab made for this runtime.'
    )
  );
  return widget;
}

export class LabGate {
  constructor(private _finder: LabFinder) {}

  /** Emitted when a notebook's lab state changes. */
  get changed(): Signal<this, NotebookPanel> {
    return this._changed;
  }

  /** The lab state of a notebook, or undefined when it is not (yet) a lab. */
  stateOf(panel: NotebookPanel | null): ILabState | undefined {
    return panel ? this._states.get(panel) : undefined;
  }

  /** Find the notebook's lab and hold it to the runtime for as long as it is open. */
  async watch(panel: NotebookPanel): Promise<void> {
    await panel.context.ready;
    const lab = await this._finder.find(panel.context.path);
    if (!lab || panel.isDisposed) {
      return;
    }
    const state: ILabState = { lab, blocked: null };
    this._states.set(panel, state);
    if (lab.problem) {
      this._block(panel, state, lab.problem);
      return;
    }
    const session = panel.sessionContext;
    const onKernel = () => void this._checkKernel(panel, state);
    session.kernelChanged.connect(onKernel);
    panel.disposed.connect(() => session.kernelChanged.disconnect(onKernel));
    this._changed.emit(panel);
    onKernel();
  }

  private async _checkKernel(
    panel: NotebookPanel,
    state: ILabState
  ): Promise<void> {
    const kernel = panel.sessionContext.session?.kernel;
    const manifest = state.lab.manifest;
    if (!kernel || !manifest || state.blocked) {
      return;
    }
    let runtime: string;
    try {
      runtime = await kernelRuntime(kernel);
    } catch {
      return; // the kernel went away while we asked; its successor is checked
    }
    const problem = runtimeProblem(manifest, runtime);
    if (problem && !panel.isDisposed) {
      this._block(panel, state, problem);
    }
    this._changed.emit(panel);
  }

  private _block(
    panel: NotebookPanel,
    state: ILabState,
    message: string
  ): void {
    state.blocked = message;
    console.error(`browsergrad: ${message}`);
    panel.contentHeader.addWidget(banner(message));
    const session = panel.sessionContext;
    session.kernelPreference = {
      ...session.kernelPreference,
      canStart: false,
      shouldStart: false,
      autoStartDefault: false
    };
    const stop = () => {
      if (session.session?.kernel) {
        void session.shutdown();
      }
    };
    session.kernelChanged.connect(stop);
    panel.disposed.connect(() => session.kernelChanged.disconnect(stop));
    stop();
    this._changed.emit(panel);
  }

  private _states = new WeakMap<NotebookPanel, ILabState>();
  private _changed = new Signal<this, NotebookPanel>(this);
}
