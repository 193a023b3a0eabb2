/**
 * One cell running on a worker, and how Stop and its time limit reach it.
 *
 * Stop writes a signal into the shared interrupt buffer (Python raises at
 * the next bytecode) and also asks the worker to raise it where the cell
 * awaits. If Python has not answered after a grace period (without the
 * shared buffer a busy cell cannot; or the worker is blocked in JavaScript),
 * the run is given up and the
 * kernel restarts its worker. A Stop that Python took but whose cell has not
 * ended soon after (unwinding a very deep stack, say) is given up too.
 */
import type { IWarmWorker } from '../kernel/tokens';
import { ACK_SLOT, InterruptSignal, SIGNAL_SLOT } from '../worker/protocol';

/** How long Python has to answer a signal before the worker is replaced. */
export const GRACE_MS = 500;
/**
 * The same without the shared buffer: only a worker that is free (its cell
 * awaits, or sleeps with JSPI) can answer, and a free worker answers within
 * milliseconds. So one that has not replied after PLAIN_PROBE_MS is busy and
 * is replaced then, unless the page itself was late to look (more than
 * PROBE_LATE_MS): then the reply may still be queued, and it has until
 * PLAIN_GRACE_MS.
 */
export const PLAIN_PROBE_MS = 50;
export const PROBE_LATE_MS = 20;
export const PLAIN_GRACE_MS = 150;
/**
 * How long after Stop a cell that took the signal has to end before its
 * worker is replaced, so that the next cell runs within a second.
 */
export const END_GRACE_MS = 800;
/**
 * Pyodide reads and clears the interrupt buffer in two steps, so a signal
 * written in between is lost; one not answered is written again this often.
 */
export const RESEND_MS = 40;
/** A cell that catches its TimeoutError is signalled again this often... */
export const TIME_LIMIT_RESIGNAL_MS = 1000;
/** ...this many times, then its worker is replaced. */
export const TIME_LIMIT_RESIGNALS = 3;
/** setTimeout runs a longer delay at once (it is a 32-bit count of ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class CellRun {
  constructor(
    readonly seq: number,
    readonly timeLimit: number | null,
    private readonly _worker: IWarmWorker,
    /**
     * Called once when the run must be given up by replacing the worker;
     * `answered` when Python took the signal but the cell did not end.
     */
    private readonly _giveUp: (
      signal: InterruptSignal,
      answered: boolean
    ) => void,
    /**
     * Called with each signal sent; true when it cancelled the cell's open
     * `input()` prompt, which then raises the signal's error in Python.
     */
    private readonly _cancelPrompt: (signal: InterruptSignal) => boolean = () =>
      false
  ) {
    if (timeLimit !== null) {
      this._limitAt = performance.now() + timeLimit * 1000;
      this._armLimit();
    }
  }

  /** The first signal sent to this run, which names how it ended. */
  get stoppedBy(): InterruptSignal | null {
    return this._stoppedBy;
  }

  /** Send a signal; safe to call many times and after the run ended. */
  stop(signal: InterruptSignal): void {
    if (this._finished || this._givenUp) {
      return;
    }
    const signals = this._worker.signals;
    if (signals && Atomics.load(signals, SIGNAL_SLOT) !== 0) {
      return; // the last signal is still on its way to Python
    }
    this._stoppedBy ??= signal;
    this._lastSignal = signal;
    if (signals) {
      Atomics.store(signals, ACK_SLOT, 0);
      Atomics.store(signals, SIGNAL_SLOT, signal);
      Atomics.notify(signals, SIGNAL_SLOT);
    }
    // A cell blocked in a prompt answers once the prompt is cancelled.
    this._answered = this._cancelPrompt(signal);
    this._replied = false;
    this._worker.remote.interrupt(this.seq, signal).then(
      taken => {
        this._replied = true;
        this._answered ||= taken;
      },
      () => undefined
    );
    if (this._graceTimer === null) {
      if (signals) {
        this._graceTimer = setTimeout(
          () => this._afterGrace(signal, GRACE_MS),
          GRACE_MS
        );
      } else {
        const due = performance.now() + PLAIN_PROBE_MS;
        this._graceTimer = setTimeout(
          () => this._afterProbe(signal, due),
          PLAIN_PROBE_MS
        );
      }
    }
    if (signals && this._resendTimer === null) {
      this._resendTimer = setInterval(() => this._resend(signals), RESEND_MS);
    }
  }

  /** The cell ended (or its worker is gone): no more timers. */
  finish(): void {
    this._finished = true;
    clearTimeout(this._limitTimer ?? undefined);
    clearTimeout(this._graceTimer ?? undefined);
    this._stopResending();
  }

  /** Write the signal again if Python neither took nor answered it. */
  private _resend(signals: Int32Array): void {
    if (this._finished || Atomics.load(signals, ACK_SLOT)) {
      this._stopResending();
    } else if (
      this._stoppedBy !== null &&
      Atomics.load(signals, SIGNAL_SLOT) === 0
    ) {
      Atomics.store(signals, SIGNAL_SLOT, this._lastSignal ?? this._stoppedBy);
      Atomics.notify(signals, SIGNAL_SLOT);
    }
  }

  private _stopResending(): void {
    clearInterval(this._resendTimer ?? undefined);
    this._resendTimer = null;
  }

  /** Without the shared buffer: is the worker free (it replied) or busy? */
  private _afterProbe(signal: InterruptSignal, due: number): void {
    this._graceTimer = null;
    const late = performance.now() - due > PROBE_LATE_MS;
    if (this._answered || !(this._replied || late)) {
      this._afterGrace(signal, PLAIN_PROBE_MS);
      return;
    }
    // Free but the cell did not take it yet, or the page was too busy to
    // tell: wait out the grace.
    this._graceTimer = setTimeout(
      () => this._afterGrace(signal, PLAIN_GRACE_MS),
      PLAIN_GRACE_MS - PLAIN_PROBE_MS
    );
  }

  /** `elapsed`: ms since the signal was sent. */
  private _afterGrace(signal: InterruptSignal, elapsed: number): void {
    this._graceTimer = null;
    this._stopResending();
    if (this._finished) {
      return;
    }
    const signals = this._worker.signals;
    const answered =
      this._answered || (signals !== null && Atomics.load(signals, ACK_SLOT));
    if (!answered) {
      this._givenUp = true;
      this._giveUp(this._stoppedBy ?? signal, false);
      return;
    }
    if (signal === InterruptSignal.stop) {
      // Python took it: the cell now has until END_GRACE_MS to end.
      this._graceTimer = setTimeout(() => {
        this._graceTimer = null;
        if (!this._finished && !this._givenUp) {
          this._givenUp = true;
          this._giveUp(InterruptSignal.stop, true);
        }
      }, END_GRACE_MS - elapsed);
      return;
    }
    if (signal === InterruptSignal.timeLimit) {
      // The cell caught its TimeoutError and went on: insist, then give up.
      this._graceTimer = setTimeout(() => {
        this._graceTimer = null;
        if (this._finished) {
          return;
        }
        if (++this._resignals > TIME_LIMIT_RESIGNALS) {
          this._givenUp = true;
          this._giveUp(InterruptSignal.timeLimit, true);
        } else {
          this.stop(InterruptSignal.timeLimit);
        }
      }, TIME_LIMIT_RESIGNAL_MS - elapsed);
    }
  }

  private _finished = false;
  private _givenUp = false;
  private _answered = false;
  private _stoppedBy: InterruptSignal | null = null;
  private _lastSignal: InterruptSignal | null = null;
  private _resignals = 0;
  /** The worker replied to the last signal's interrupt call. */
  private _replied = false;
  private _limitTimer: ReturnType<typeof setTimeout> | null = null;
  private _limitAt = 0;

  /** Time the limit; a delay past setTimeout's range is waited in steps. */
  private _armLimit(): void {
    const left = this._limitAt - performance.now();
    if (left > MAX_TIMER_MS) {
      this._limitTimer = setTimeout(() => this._armLimit(), MAX_TIMER_MS);
    } else {
      this._limitTimer = setTimeout(
        () => this.stop(InterruptSignal.timeLimit),
        Math.max(0, left)
      );
    }
  }
  private _graceTimer: ReturnType<typeof setTimeout> | null = null;
  private _resendTimer: ReturnType<typeof setInterval> | null = null;
}
