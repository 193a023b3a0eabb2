/**
 * The JSON export of a notebook's results (schema `results.v1`, written down
 * in docs/panel.md and browsergrad/schema/results.v1.schema.json): the
 * events of each cell as schema v1 has them, with the cell's id and
 * position, and what could not be read.
 */
import type { INotebookResults } from './tokens';

export const RESULTS_SCHEMA = 'urn:browsergrad:schema:results:v1';

/** Who wrote a document: the panel (a headless grader names itself). */
export const GENERATOR = 'browsergrad-kernel tests panel';

export function resultsDocument(
  results: INotebookResults,
  now: Date = new Date()
): Record<string, unknown> {
  return {
    schema: RESULTS_SCHEMA,
    generator: GENERATOR,
    notebook: results.path,
    created: now.toISOString(),
    counts: { ...results.counts },
    cells: results.cells.map(cell => ({
      cell_id: cell.cellId,
      cell_index: cell.cellIndex,
      execution_count: cell.executionCount,
      events: cell.events,
      unreadable: cell.results
        .filter(result => result.status === 'unreadable')
        .map(result => ({
          output_index: result.outputIndex,
          event_index: result.eventIndex,
          reason: result.message
        }))
    }))
  };
}

export function resultsJson(results: INotebookResults): string {
  return `${JSON.stringify(resultsDocument(results), null, 2)}\n`;
}
