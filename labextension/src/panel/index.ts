/**
 * The Tests panel: two plugins. One follows the active notebook and reads
 * its results from its outputs (ITestResultsTracker); the other is the side
 * panel, its commands and its settings (schema/panel.json).
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { LabIcon } from '@jupyterlab/ui-components';

import TESTS_SVG from '../../style/icons/tests.svg';
import { SUBMIT_COMMAND } from '../bridge/submit';
import { ILabs } from '../labs/types';
import { ITestResultsTracker } from './tokens';
import { addCommands, CommandIDs } from './commands';
import { showOutput } from './jump';
import { TestResultsTracker } from './tracker';
import { TestsPanel } from './view';

export { CommandIDs };

export const RESULTS_PLUGIN_ID = 'browsergrad-kernel:test-results';
/** Also the name of the settings schema, schema/panel.json. */
export const PANEL_PLUGIN_ID = 'browsergrad-kernel:panel';

const testsIcon = new LabIcon({
  name: 'browsergrad-kernel:tests',
  svgstr: TESTS_SVG
});

const resultsPlugin: JupyterFrontEndPlugin<ITestResultsTracker> = {
  id: RESULTS_PLUGIN_ID,
  description:
    'Reads the check results of the active notebook from its outputs.',
  autoStart: true,
  optional: [INotebookTracker],
  provides: ITestResultsTracker,
  activate: (app: JupyterFrontEnd, notebooks: INotebookTracker | null) =>
    new TestResultsTracker(notebooks)
};

/** User choices, as in schema/panel.json. */
interface IPanelSettings {
  openOnFirstFailure: boolean;
  failuresOnly: boolean;
}

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: PANEL_PLUGIN_ID,
  description: 'The Tests side panel: results by cell, with exports.',
  autoStart: true,
  requires: [ITestResultsTracker],
  optional: [INotebookTracker, ISettingRegistry, ICommandPalette, ILabs],
  activate: (
    app: JupyterFrontEnd,
    results: ITestResultsTracker,
    notebooks: INotebookTracker | null,
    registry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    labs: ILabs | null
  ) => {
    if (!notebooks) {
      return; // an app without notebooks (the REPL) has nothing to show
    }
    const settings: IPanelSettings = {
      openOnFirstFailure: false,
      failuresOnly: false
    };
    let stored: ISettingRegistry.ISettings | null = null;

    const view = new TestsPanel({
      runAll: () => void app.commands.execute(CommandIDs.runAll),
      exportJson: () => void app.commands.execute(CommandIDs.exportJson),
      exportJunit: () => void app.commands.execute(CommandIDs.exportJunit),
      submit: () => void app.commands.execute(SUBMIT_COMMAND),
      setFailuresOnly: on => setFailuresOnly(on),
      show: row => {
        const panel = notebooks.currentWidget;
        if (panel) {
          void showOutput(
            app.shell,
            panel,
            row.cell.cellId,
            row.kind === 'result' ? row.result.outputIndex : null
          );
        }
      }
    });
    view.title.icon = testsIcon;
    view.title.label = 'Tests';
    app.shell.add(view, 'right', { rank: 600, type: 'Tests' });

    const reveal = (focus: boolean) => {
      view.quietActivation = !focus;
      app.shell.activateById(view.id);
      if (focus) {
        // Run from the command palette, whose closing hands the focus back
        // to where it was: take it once that is done.
        requestAnimationFrame(() => setTimeout(() => view.focusContent()));
      }
    };
    const setFailuresOnly = (on: boolean) => {
      view.failuresOnly = on;
      app.commands.notifyCommandChanged(CommandIDs.failuresOnly);
      if (stored && stored.get('failuresOnly').composite !== on) {
        void stored.set('failuresOnly', on);
      }
    };

    // Open on the first failure of a notebook that had none.
    let lastPath: string | null = null;
    let lastFailures = 0;
    const follow = () => {
      const current = results.current;
      view.setResults(current);
      const failures = current
        ? current.counts.fail + current.counts.error + current.counts.unreadable
        : 0;
      if (
        settings.openOnFirstFailure &&
        current?.path === lastPath &&
        lastFailures === 0 &&
        failures > 0 &&
        !view.isVisible
      ) {
        reveal(false);
      }
      lastPath = current?.path ?? null;
      lastFailures = failures;
    };
    results.currentChanged.connect(follow);
    follow();

    addCommands(
      { app, notebooks, results, labs, view, reveal, setFailuresOnly },
      palette
    );

    if (registry) {
      registry
        .load(PANEL_PLUGIN_ID)
        .then(loaded => {
          stored = loaded;
          const apply = () => {
            settings.openOnFirstFailure =
              loaded.get('openOnFirstFailure').composite === true;
            settings.failuresOnly =
              loaded.get('failuresOnly').composite === true;
            view.failuresOnly = settings.failuresOnly;
            app.commands.notifyCommandChanged(CommandIDs.failuresOnly);
          };
          apply();
          loaded.changed.connect(apply);
        })
        .catch(reason =>
          console.error(
            `browsergrad: the Tests panel settings could not be loaded: ${reason}`
          )
        );
    }
  }
};

export default [resultsPlugin, panelPlugin];
