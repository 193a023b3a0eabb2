/**
 * The commands of the Tests panel, in the command palette under "Tests" and
 * behind the panel's buttons.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

import type { ILabs } from '../labs/types';
import { resultsJson } from '../results/document';
import type { IResultsDocument } from '../results/document';
import { junitXml } from '../results/junit';
import { exportNames } from '../results/names';
import type { ITestResultsTracker } from './tokens';
import { download } from './download';
import { exportContext } from './exportContext';
import { resultsDocument } from './exportJson';
import { countsText } from './rows';
import type { TestsPanel } from './view';

export namespace CommandIDs {
  export const open = 'browsergrad-kernel:tests-open';
  export const runAll = 'browsergrad-kernel:tests-run-all';
  export const exportJson = 'browsergrad-kernel:tests-export-json';
  export const exportJunit = 'browsergrad-kernel:tests-export-junit';
  export const failuresOnly = 'browsergrad-kernel:tests-failures-only';
}

export interface ICommandContext {
  app: JupyterFrontEnd;
  notebooks: INotebookTracker;
  results: ITestResultsTracker;
  /** The labs plugin, when there is one: the lab a notebook belongs to. */
  labs: ILabs | null;
  view: TestsPanel;
  /** Show the panel; with `focus`, move the focus into it. */
  reveal(focus: boolean): void;
  /** Turn "failures only" on or off (and remember it). */
  setFailuresOnly(on: boolean): void;
}

/**
 * Resolves once the results have not changed for `quiet` ms (at most after
 * `limit` ms): a cell's last outputs can arrive just after its reply.
 */
function settled(
  results: ITestResultsTracker,
  quiet = 200,
  limit = 3000
): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      clearTimeout(cap);
      results.currentChanged.disconnect(restart);
      resolve();
    };
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(done, quiet);
    };
    let timer = setTimeout(done, quiet);
    const cap = setTimeout(done, limit);
    results.currentChanged.connect(restart);
  });
}

export function addCommands(
  context: ICommandContext,
  palette: ICommandPalette | null
): void {
  const { app, notebooks, results, view } = context;
  const hasNotebook = () => notebooks.currentWidget !== null;

  app.commands.addCommand(CommandIDs.open, {
    label: 'Show Tests Panel',
    caption: 'Show the results of the checks of the active notebook',
    execute: () => context.reveal(true)
  });

  app.commands.addCommand(CommandIDs.runAll, {
    label: 'Run All Cells and Show Test Results',
    caption: 'Run every cell of the notebook, then show the results',
    isEnabled: hasNotebook,
    execute: async () => {
      const panel = notebooks.currentWidget;
      if (!panel) {
        return;
      }
      context.reveal(false);
      view.announceNow('Running all cells');
      await panel.context.ready;
      await panel.sessionContext.ready;
      await NotebookActions.runAll(panel.content, panel.sessionContext);
      await settled(results);
      if (notebooks.currentWidget !== panel) {
        return;
      }
      const current = results.current;
      view.setResults(current);
      if (current) {
        view.announceNow(`Run finished: ${countsText(current.counts, true)}`);
      }
      const focus = document.activeElement;
      if (!focus || focus === document.body || view.node.contains(focus)) {
        view.focusFirstFailure();
      } else {
        view.selectFirstFailure();
      }
    }
  });

  const exportWith =
    (
      write: (doc: IResultsDocument) => string,
      kind: 'json' | 'junit',
      type: string
    ) =>
    async () => {
      const current = results.current;
      if (!current) {
        return;
      }
      const known = await exportContext(notebooks.currentWidget, context.labs);
      const name = exportNames(current.path)[kind];
      download(write(resultsDocument(current, known)), name, type);
      view.announceNow(`Downloaded ${name}`);
    };

  app.commands.addCommand(CommandIDs.exportJson, {
    label: 'Export Test Results as JSON',
    caption: 'Download the results of the active notebook as JSON',
    isEnabled: hasNotebook,
    execute: exportWith(resultsJson, 'json', 'application/json')
  });

  app.commands.addCommand(CommandIDs.exportJunit, {
    label: 'Export Test Results as JUnit XML',
    caption: 'Download the results of the active notebook as JUnit XML',
    isEnabled: hasNotebook,
    execute: exportWith(junitXml, 'junit', 'application/xml')
  });

  app.commands.addCommand(CommandIDs.failuresOnly, {
    label: 'Show Only Failed Tests',
    caption: 'List only failures, errors and unreadable results',
    isToggled: () => view.failuresOnly,
    execute: () => context.setFailuresOnly(!view.failuresOnly)
  });

  notebooks.currentChanged.connect(() => {
    for (const id of [
      CommandIDs.runAll,
      CommandIDs.exportJson,
      CommandIDs.exportJunit
    ]) {
      app.commands.notifyCommandChanged(id);
    }
  });

  for (const command of Object.values(CommandIDs)) {
    palette?.addItem({ command, category: 'Tests' });
  }
}
