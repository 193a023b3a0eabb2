/**
 * The typed errors of a cell whose worker had to be replaced (Stop without
 * isolation, a time limit the cell ignored, a crash).
 */
import { END_GRACE_MS, GRACE_MS } from './cellRun';
import { HOW_TO_KEEP_STATE } from './mode';
import { formatSeconds } from './timeLimit';

/** Why a kernel gave up its worker. */
export type LostCause =
  'stop' | 'stopUnfinished' | 'timeLimit' | 'crash' | 'disposed';

/** A pending worker call whose worker is gone. */
export class WorkerLost extends Error {
  constructor(readonly cause: LostCause) {
    super(`The kernel's worker was replaced (${cause}).`);
  }
}

/** Names of the errors of a lost run, as `ename`. */
export const LostErrorName = {
  restarted: 'KernelRestarted',
  crashed: 'KernelCrashed',
  timeLimit: 'TimeoutError'
} as const;

const LOST_STATE =
  'The kernel was restarted: variables, imports and functions from earlier ' +
  'cells are lost, so run those cells again.';

/** The error of a cell that a restart asked for cut short. */
export function restartedRun(): {
  ename: string;
  evalue: string;
  traceback: string[];
} {
  const ename = LostErrorName.restarted;
  const evalue = `This cell did not finish: the kernel was restarted while it ran or waited to run. ${LOST_STATE}`;
  return { ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/** The error a cell ends with when its worker was replaced. */
export function lostReply(
  cause: LostCause,
  timeLimit: number | null,
  canInterrupt: boolean
): { ename: string; evalue: string; traceback: string[] } {
  const why = canInterrupt
    ? `the cell did not answer the interrupt within ${GRACE_MS} ms ` +
      '(it was probably blocked in JavaScript or in a long call into C).'
    : 'this page is not cross-origin isolated, so a cell that is running ' +
      'Python (not waiting or sleeping) cannot be interrupted in place.';
  const keep = canInterrupt ? '' : ` ${HOW_TO_KEEP_STATE}`;
  let ename: string;
  let evalue: string;
  switch (cause) {
    case 'timeLimit':
      ename = LostErrorName.timeLimit;
      evalue =
        `The cell ran past its time limit` +
        `${timeLimit === null ? '' : ` of ${formatSeconds(timeLimit)}`} ` +
        `and was stopped by restarting the kernel: ${why} ${LOST_STATE}${keep}`;
      break;
    case 'crash':
      ename = LostErrorName.crashed;
      evalue =
        'The kernel crashed while running this cell (see the log for the ' +
        `fatal error). ${LOST_STATE}`;
      break;
    case 'stopUnfinished':
      ename = LostErrorName.restarted;
      evalue =
        'Stop restarted the kernel: the cell took the interrupt but had not ' +
        `ended ${END_GRACE_MS} ms later (it was probably unwinding a very ` +
        `deep call stack). ${LOST_STATE}`;
      break;
    default:
      ename = LostErrorName.restarted;
      evalue = `Stop restarted the kernel: ${why} ${LOST_STATE}${keep}`;
  }
  return { ename, evalue, traceback: [`${ename}: ${evalue}`] };
}
