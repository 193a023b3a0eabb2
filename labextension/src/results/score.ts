/**
 * The score of a results document: points and a maximum, by question
 * (docs/grading.md). The twin of browsergrad_kernel/results/score.py; both
 * give the same numbers for the same document (tests/test_score_parity.py).
 *
 * A check is worth its `points` (1 when absent) and scores them when it
 * passed; a question (a check without one is its own, named as the check)
 * sums its checks, or, when all-or-nothing, scores its maximum only if every
 * check passed. When the document has rubric cells only their checks count.
 */
import type { IResultsQuestion, IResultsScore } from './document';

type IEvent = Readonly<Record<string, unknown>>;

/** What the score reads of a cell of a document. */
export interface IScoredCell {
  readonly kind?: string;
  readonly hidden?: boolean;
  readonly events: readonly IEvent[];
}

/** What one check is worth. */
export function checkPoints(event: IEvent): number {
  const points = event.points;
  return typeof points === 'number' && Number.isFinite(points) && points >= 0
    ? points
    : 1;
}

/** The name of the question a check counts towards. */
export function questionOf(event: IEvent): string {
  const question = event.question;
  if (typeof question === 'string' && question) {
    return question;
  }
  return typeof event.name === 'string' ? event.name : '';
}

export function scoreOf(doc: {
  readonly cells: readonly IScoredCell[];
}): IResultsScore {
  const rubricOnly = doc.cells.some(cell => cell.kind === 'rubric');
  const questions = new Map<string, IResultsQuestion>();
  for (const cell of doc.cells) {
    if (rubricOnly && cell.kind !== 'rubric') {
      continue;
    }
    for (const event of cell.events) {
      if (event.type !== 'assertion') {
        continue;
      }
      const name = questionOf(event);
      let entry = questions.get(name);
      if (!entry) {
        entry = {
          name,
          points: 0,
          max: 0,
          checks: 0,
          passed: 0,
          all_or_nothing: false,
          hidden: true
        };
        questions.set(name, entry);
      }
      const worth = checkPoints(event);
      entry.max += worth;
      entry.checks += 1;
      if (event.status === 'pass') {
        entry.passed += 1;
        entry.points += worth;
      }
      if (event.all_or_nothing === true) {
        entry.all_or_nothing = true;
      }
      if (cell.hidden !== true) {
        entry.hidden = false;
      }
    }
  }
  let points = 0;
  let max = 0;
  for (const entry of questions.values()) {
    if (entry.all_or_nothing && entry.passed < entry.checks) {
      entry.points = 0;
    }
    points += entry.points;
    max += entry.max;
  }
  return { points, max, questions: [...questions.values()] };
}

/** `3.5 / 6`: a score as the panel shows it. */
export function scoreText(
  score: Pick<IResultsScore, 'points' | 'max'>
): string {
  const show = (n: number) => String(Math.round(n * 100) / 100);
  return `${show(score.points)} / ${show(score.max)}`;
}
