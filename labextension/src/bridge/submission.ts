/**
 * A notebook's submission to a hub: its `results.v1` document with a summary
 * a hub reads first (the lab's `id@version`, the rubric hash, every check)
 * and a score block shaped for LTI Advantage grade passback (AGS `score`),
 * marked provisional: the hub re-grades with `browsergrad-kernel grade`
 * before it posts an official grade. Pure, so it is tested under Node.
 */
import type { IResultsDocument } from '../results/document';
import { scoreOf as resultsScore } from '../results/score';

export const SUBMISSION_SCHEMA = 'urn:browsergrad:schema:submission:v1';
/** The donation key of a submission. */
export const SUBMISSION_KEY = 'browsergrad.submission.v1';

/** One check, as a hub lists it. */
export interface ISubmissionCheck {
  cell_id: string;
  name: string;
  status: string;
}

/** The fields of an LTI AGS score, given by the browser (provisional). */
export interface ISubmissionScore {
  scoreGiven: number;
  scoreMaximum: number;
  comment: string;
  activityProgress: 'Submitted';
  gradingProgress: 'Pending';
  timestamp: string;
}

export interface ISubmission {
  schema: typeof SUBMISSION_SCHEMA;
  provisional: true;
  notebook: string;
  /** `id@version`, or null for a notebook in no lab. */
  lab: string | null;
  rubric_sha256: string | null;
  checks: ISubmissionCheck[];
  score: ISubmissionScore;
  results: IResultsDocument;
}

/** Every check of the document, in notebook order. */
export function checksOf(doc: IResultsDocument): ISubmissionCheck[] {
  const checks: ISubmissionCheck[] = [];
  for (const cell of doc.cells) {
    for (const event of cell.events) {
      if (event.type === 'assertion') {
        checks.push({
          cell_id: cell.cell_id,
          name: String(event.name),
          status: String(event.status)
        });
      }
    }
    for (const bad of cell.unreadable) {
      checks.push({
        cell_id: cell.cell_id,
        name: bad.name ?? 'unreadable result',
        status: 'unreadable'
      });
    }
  }
  return checks;
}

/**
 * The score in LTI terms: the document's points out of its maximum, scored
 * from its checks as the grader scores them (`results/score.ts`).
 */
export function scoreOf(doc: IResultsDocument): {
  given: number;
  maximum: number;
} {
  const { points, max } = resultsScore(doc);
  return { given: points, maximum: max };
}

export function submissionOf(
  doc: IResultsDocument,
  now: Date = new Date()
): ISubmission {
  const { given, maximum } = scoreOf(doc);
  return {
    schema: SUBMISSION_SCHEMA,
    provisional: true,
    notebook: doc.notebook,
    lab: doc.lab ? `${doc.lab.id}@${doc.lab.version}` : null,
    rubric_sha256: doc.lab?.rubric_sha256 ?? null,
    checks: checksOf(doc),
    score: {
      scoreGiven: given,
      scoreMaximum: maximum,
      comment:
        `${given} of ${maximum} points in the browser ` +
        '(provisional: the hub re-grades before posting a grade)',
      activityProgress: 'Submitted',
      gradingProgress: 'Pending',
      timestamp: now.toISOString()
    },
    results: doc
  };
}
