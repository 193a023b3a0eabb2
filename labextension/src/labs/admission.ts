/**
 * When a cell of a lab notebook may go to its kernel: only once the kernel it
 * would run on has reported its browsergrad version and the lab accepts it.
 *
 * Each kernel a notebook gets, and each restart of one, is a new incarnation
 * that is asked for its version before anything of the lab is sent to it. A
 * cell run in the meantime (Shift+Enter while the page loads, run all just
 * after a restart or a kernel change) waits for that answer, then is sent or
 * refused. Cells are admitted in the order they were run.
 *
 * Only types from JupyterLab: the module also loads under Node (the unit
 * tests give it fake sessions and kernels).
 */
import type { ISignal } from '@lumino/signaling';

/** What the watch needs of a kernel connection. */
export interface IWatchedKernel {
  readonly status: string;
  readonly isDisposed: boolean;
}

/** What the watch needs of a notebook's session context. */
export interface IWatchedSession<K extends IWatchedKernel> {
  readonly session: { readonly kernel: K | null } | null;
  readonly kernelChanged: ISignal<unknown, unknown>;
  readonly statusChanged: ISignal<unknown, string>;
  /** Resolves once the session context has been initialized. */
  readonly ready: Promise<void>;
}

/** What is known of the kernel a cell would be sent to. */
export type Verdict =
  | { kind: 'accepted'; runtime: string }
  /** The lab does not accept this kernel's runtime: the lab is stopped. */
  | { kind: 'wrong'; message: string }
  /** The kernel went away before it said its version: this cell is refused. */
  | { kind: 'unavailable'; message: string }
  /** The notebook has no kernel. */
  | { kind: 'none' };

/** What became of a cell the gate was asked to admit. */
export type Outcome =
  { sent: Promise<boolean> } | { refused: string } | { noKernel: true };

/** Kernel states after which a kernel must say its version again. */
const RESTARTING = new Set(['restarting', 'autorestarting']);

/** Why a cell was refused although the lab was not stopped. */
export const KERNEL_GONE =
  'the kernel stopped before it reported its browsergrad version';
export const NOTEBOOK_CLOSED = 'the notebook was closed';

interface IIncarnation<K> {
  kernel: K | null;
  /** Resolves with the verdict, or with null once superseded. */
  done: Promise<Verdict | null>;
  settle(verdict: Verdict | null): void;
  verdict: Verdict | null;
}

/** Run tasks one after another, each once the one before has resolved. */
export class Turns {
  take<T>(task: () => Promise<T>): Promise<T> {
    const run = this._last.then(task);
    this._last = run.then(
      () => undefined,
      () => undefined
    );
    return run;
  }

  private _last: Promise<void> = Promise.resolve();
}

/**
 * The verdict on each incarnation of a notebook's kernel.
 *
 * `ask` resolves with the version the kernel reports once it has booted (it may
 * reject when the kernel restarts or goes away meanwhile); `judge` turns a
 * version into the lab's hard-fail message, or null when the lab accepts it.
 */
export class RuntimeWatch<K extends IWatchedKernel> {
  constructor(
    private _session: IWatchedSession<K>,
    private _ask: (kernel: K) => Promise<string>,
    private _judge: (runtime: string) => string | null,
    private _onVerdict: (verdict: Verdict) => void = () => undefined
  ) {
    _session.kernelChanged.connect(this._renew, this);
    _session.statusChanged.connect(this._onStatus, this);
    this._current = this._incarnation();
  }

  /** The verdict on the kernel a cell sent now would run on, once known. */
  async verdict(): Promise<Verdict> {
    for (;;) {
      const incarnation = this._current;
      const verdict = await incarnation.done;
      if (verdict && incarnation === this._current) {
        return verdict;
      }
    }
  }

  /** Whether `kernel` is the notebook's kernel now and the lab accepts it. */
  accepts(kernel: K | null): boolean {
    const { kernel: current, verdict } = this._current;
    return (
      !this._disposed &&
      kernel !== null &&
      kernel === current &&
      verdict?.kind === 'accepted'
    );
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._session.kernelChanged.disconnect(this._renew, this);
    this._session.statusChanged.disconnect(this._onStatus, this);
    const closed = this._settled({
      kind: 'unavailable',
      message: NOTEBOOK_CLOSED
    });
    this._current.settle(null);
    this._current = closed;
  }

  private _onStatus(_: unknown, status: string): void {
    this._changed();
    if (RESTARTING.has(status)) {
      this._renew();
    }
  }

  /** A new kernel, or a restart: what was known no longer holds. */
  private _renew(): void {
    if (this._disposed) {
      return;
    }
    this._changed();
    const previous = this._current;
    this._current = this._incarnation();
    previous.settle(null);
  }

  private _settled(verdict: Verdict): IIncarnation<K> {
    return {
      kernel: null,
      done: Promise.resolve(verdict),
      settle: () => undefined,
      verdict
    };
  }

  private _incarnation(): IIncarnation<K> {
    const kernel = this._session.session?.kernel ?? null;
    let resolve!: (verdict: Verdict | null) => void;
    const done = new Promise<Verdict | null>(r => (resolve = r));
    const incarnation: IIncarnation<K> = {
      kernel,
      done,
      verdict: null,
      settle: verdict => {
        if (incarnation.verdict === null) {
          incarnation.verdict = verdict;
          resolve(verdict);
          incarnation.settle = () => undefined;
        }
      }
    };
    if (kernel) {
      void this._check(incarnation, kernel);
    } else {
      // No kernel yet: once the session context is ready, there is none.
      void this._session.ready.then(
        () => incarnation.settle({ kind: 'none' }),
        () => incarnation.settle({ kind: 'none' })
      );
    }
    return incarnation;
  }

  private async _check(incarnation: IIncarnation<K>, kernel: K) {
    // Let a restart that is under way clear the kernel's state first, so the
    // question goes to the kernel that comes back, not to the one going away.
    await new Promise(resolve => setTimeout(resolve, 0));
    while (incarnation === this._current) {
      const changed = this._nextChange();
      let runtime: string;
      try {
        runtime = await this._ask(kernel);
      } catch {
        if (incarnation !== this._current) {
          return;
        }
        if (kernel.isDisposed || kernel.status === 'dead') {
          this._decide(incarnation, {
            kind: 'unavailable',
            message: KERNEL_GONE
          });
          return;
        }
        await changed; // ask again once something has happened to it
        continue;
      }
      if (incarnation === this._current) {
        const problem = this._judge(runtime);
        this._decide(
          incarnation,
          problem === null
            ? { kind: 'accepted', runtime }
            : { kind: 'wrong', message: problem }
        );
      }
      return;
    }
  }

  private _decide(incarnation: IIncarnation<K>, verdict: Verdict): void {
    incarnation.settle(verdict);
    this._onVerdict(verdict);
  }

  /** Resolves at the next status or kernel change. */
  private _nextChange(): Promise<void> {
    return new Promise(resolve => this._waiting.push(resolve));
  }

  private _changed(): void {
    const waiting = this._waiting;
    this._waiting = [];
    waiting.forEach(resolve => resolve());
  }

  private _current: IIncarnation<K>;
  private _waiting: (() => void)[] = [];
  private _disposed = false;
}

/** What the admission needs of the lab: its stop message, once stopped. */
export interface IGatedLab {
  blocked(): string | null;
}

/**
 * Admits the cells of one lab notebook: each waits for the verdict on the
 * kernel it would run on, in the order the cells were run.
 */
export class LabAdmission<K extends IWatchedKernel> {
  constructor(
    private _session: IWatchedSession<K>,
    private _watch: RuntimeWatch<K>,
    private _lab: IGatedLab
  ) {}

  /**
   * `send` is called, synchronously after the last check, when the cell may
   * go to the kernel; `startKernel` when there is no kernel to wait for (as a
   * cell run does then).
   */
  admit(
    send: () => Promise<boolean>,
    startKernel: () => Promise<unknown>
  ): Promise<Outcome> {
    return this._turns.take(async () => {
      await this._session.ready.catch(() => undefined);
      let started = false;
      for (;;) {
        const blocked = this._lab.blocked();
        if (blocked !== null) {
          return { refused: blocked };
        }
        const verdict = await this._watch.verdict();
        if (this._lab.blocked() !== null) {
          continue;
        }
        switch (verdict.kind) {
          case 'accepted':
            if (this._watch.accepts(this._session.session?.kernel ?? null)) {
              return { sent: send() };
            }
            continue; // the kernel changed since: wait for the new one
          case 'wrong':
          case 'unavailable':
            return { refused: verdict.message };
          case 'none':
            if (started) {
              return { noKernel: true };
            }
            started = true;
            await startKernel();
            continue;
        }
      }
    });
  }

  private _turns = new Turns();
}
