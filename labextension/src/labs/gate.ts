/**
 * The runtime gate of a lab notebook: a lab whose manifest is invalid, or whose
 * `requires_browsergrad` does not accept the runtime, gets a message at the top
 * of the notebook and no kernel: none can start, so nothing of it runs. There
 * is no fallback.
 *
 * Two checks: when the notebook opens, against the runtime the site ships (so
 * the kernel is stopped before it can run a cell), and whenever a kernel is
 * ready, against the browsergrad version that kernel has (`runtime.ts`). No cell
 * of a lab goes to a kernel before both have passed: the cell executor
 * (`executor.ts`) asks `admit`, which waits for them (`admission.ts`).
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { element } from '../ui/dom';
import type { ILab } from './types';
import type { LabFinder } from './finder';
import { runtimeProblem } from './manifest';
import { LabAdmission, RuntimeWatch } from './admission';
import { kernelRuntime } from './runtime';
import type { Outcome } from './admission';

/** What the gate knows of a lab notebook. */
export interface ILabState {
  lab: ILab;
  /** The hard-fail message once the lab is stopped, else null. */
  blocked: string | null;
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

  /**
   * Find the notebook's lab and hold it to the runtime for as long as it is
   * open (once per notebook; later calls share the first).
   */
  async watch(panel: NotebookPanel): Promise<ILabState | null> {
    return (await this._watchedOf(panel))?.state ?? null;
  }

  /**
   * Let a cell (or "Check my work") of `panel` go to the kernel: `send` is
   * called once the gate allows it, right after its last check; `startKernel`
   * when the notebook has no kernel, as a cell run does. A notebook that is in
   * no lab is not held back.
   */
  async admit(
    panel: NotebookPanel,
    send: () => Promise<boolean>,
    startKernel: () => Promise<unknown>
  ): Promise<Outcome> {
    let watched: IWatched | null;
    try {
      watched = await this._watchedOf(panel);
    } catch (error) {
      return {
        refused: `the lab of this notebook could not be checked: ${(error as Error).message}`
      };
    }
    if (!watched) {
      return { sent: send() };
    }
    if (!watched.admission) {
      return { refused: watched.state.blocked ?? 'this lab cannot run here' };
    }
    return watched.admission.admit(send, startKernel);
  }

  private _watchedOf(panel: NotebookPanel): Promise<IWatched | null> {
    let watched = this._watched.get(panel);
    if (!watched) {
      watched = this._watch(panel);
      this._watched.set(panel, watched);
    }
    return watched;
  }

  private async _watch(panel: NotebookPanel): Promise<IWatched | null> {
    await panel.context.ready;
    const lab = await this._finder.find(panel.context.path);
    if (!lab || panel.isDisposed) {
      return null;
    }
    const state: ILabState = { lab, blocked: null };
    this._states.set(panel, state);
    const manifest = lab.manifest;
    if (lab.problem || !manifest) {
      this._block(panel, state, lab.problem ?? 'the lab has no manifest');
      return { state, admission: null };
    }
    const session = panel.sessionContext;
    const watch = new RuntimeWatch<Kernel.IKernelConnection>(
      session,
      kernelRuntime,
      runtime => runtimeProblem(manifest, runtime),
      verdict => {
        if (verdict.kind === 'wrong' && !panel.isDisposed) {
          this._block(panel, state, verdict.message);
        }
        this._changed.emit(panel);
      }
    );
    panel.disposed.connect(() => watch.dispose());
    this._changed.emit(panel);
    const admission = new LabAdmission(session, watch, {
      blocked: () => state.blocked
    });
    return { state, admission };
  }

  private _block(
    panel: NotebookPanel,
    state: ILabState,
    message: string
  ): void {
    if (state.blocked !== null) {
      return;
    }
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
  private _watched = new WeakMap<NotebookPanel, Promise<IWatched | null>>();
  private _changed = new Signal<this, NotebookPanel>(this);
}

/** A lab notebook the gate holds: its state, and what admits its cells. */
interface IWatched {
  state: ILabState;
  /** Null when the lab was stopped as it opened. */
  admission: LabAdmission<Kernel.IKernelConnection> | null;
}
