/**
 * The Tests panel's results as a `results.v1` document (src/results/), with
 * what the panel knows of the notebook beyond its outputs.
 */
import { RESULTS_SCHEMA } from '../results/document';
import { scoreOf } from '../results/score';
import type {
  IResultsDocument,
  IResultsLab,
  IResultsRuntime
} from '../results/document';
import type { INotebookResults } from './tokens';

/** Who wrote a document: the panel (a headless grader names itself). */
export const GENERATOR = 'browsergrad-kernel tests panel';

/** What the panel knows of a notebook beyond its outputs. */
export interface IExportContext {
  lab?: IResultsLab | null;
  runtime?: IResultsRuntime | null;
  /** Ids of the cells that hold the lab's checks ("Check my work"). */
  rubricCells?: ReadonlySet<string>;
}

export function resultsDocument(
  results: INotebookResults,
  context: IExportContext = {},
  now: Date = new Date()
): IResultsDocument {
  const doc: IResultsDocument = {
    schema: RESULTS_SCHEMA,
    generator: GENERATOR,
    notebook: results.path,
    created: now.toISOString(),
    ...(context.lab ? { lab: { ...context.lab } } : {}),
    ...(context.runtime ? { runtime: { ...context.runtime } } : {}),
    counts: { ...results.counts },
    cells: results.cells.map(cell => ({
      cell_id: cell.cellId,
      cell_index: cell.cellIndex,
      execution_count: cell.executionCount,
      kind:
        cell.rubric || context.rubricCells?.has(cell.cellId)
          ? 'rubric'
          : 'code',
      events: [...cell.events],
      unreadable: cell.results
        .filter(result => result.status === 'unreadable')
        .map(result => ({
          output_index: result.outputIndex,
          event_index: result.eventIndex,
          reason: result.message,
          name: result.name
        }))
    }))
  };
  doc.score = scoreOf(doc);
  return doc;
}
