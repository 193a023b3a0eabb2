/**
 * The labs plugin: launcher cards that open each lab's starter notebook, the
 * runtime gate of lab notebooks, and the "Check my work" command and toolbar
 * button.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, showErrorMessage } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import {
  INotebookCellExecutor,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { CommandToolbarButton, notebookIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import MANIFEST_SCHEMA from '../../../browsergrad_kernel/schema/lab-manifest.v1.schema.json';
import { ISiteSettings, type IKernelSettings } from '../kernel/tokens';
import { ILabs, type ILabsIndex } from './types';
import { checkMyWork, rubricSource } from './check';
import { GatedCellExecutor } from './executor';
import { joinPath, LabFinder } from './finder';
import { LabGate } from './gate';
import { labIdentity } from './identity';
import { manifestValidator } from './manifest';

export const LABS_PLUGIN_ID = 'browsergrad-kernel:labs';

export namespace CommandIDs {
  export const check = 'browsergrad-kernel:labs-check-my-work';
  export const open = 'browsergrad-kernel:labs-open';
}

/**
 * The site's lab index, and the manifest schema it names. Without one (a
 * JupyterLab server, a Lite site built without labs) labs are still found by
 * their `manifest.json`, and checked with the schema of this package.
 */
async function loadIndex(settings: IKernelSettings | null): Promise<{
  index: ILabsIndex | null;
  schema: object;
}> {
  if (!settings?.labsUrl) {
    return { index: null, schema: MANIFEST_SCHEMA };
  }
  const indexUrl = settings.labsUrl;
  const index: ILabsIndex = await (await fetch(indexUrl)).json();
  const schemaUrl = new URL(index.schema, indexUrl).href;
  const schema: object = await (await fetch(schemaUrl)).json();
  return { index, schema };
}

export const labsPlugin: JupyterFrontEndPlugin<ILabs> = {
  id: LABS_PLUGIN_ID,
  description: 'Labs: open, check against the runtime, and check my work.',
  autoStart: true,
  requires: [INotebookTracker, ISiteSettings, INotebookCellExecutor],
  optional: [ILauncher, ICommandPalette],
  provides: ILabs,
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    site: ISiteSettings,
    executor: INotebookCellExecutor,
    launcher: ILauncher | null,
    palette: ICommandPalette | null
  ): ILabs => {
    // the kernel plugin reports missing settings; labs stay unknown
    const { settings } = site;
    const loaded = loadIndex(settings);
    loaded.catch(error =>
      console.error('browsergrad: the lab index could not be read', error)
    );
    const validator = loaded.then(({ schema }) => manifestValidator(schema));
    validator.catch(() => undefined);
    const contents = app.serviceManager.contents;
    const gate = new LabGate(
      new LabFinder(contents, validator, settings?.browsergradVersion)
    );
    const { commands } = app;
    if (executor instanceof GatedCellExecutor) {
      executor.useGate(
        gate,
        ({ notebook }) =>
          tracker.find(panel => panel.model === notebook) ?? null
      );
    } else {
      console.error(
        'browsergrad: another cell executor is in use; cells of a lab may run ' +
          "before the lab's runtime is checked"
      );
    }

    // A toolbar button names its notebook; the palette acts on the current one.
    const target = (args: ReadonlyPartialJSONObject) => {
      const panel =
        tracker.find(p => p.id === args.notebook) ?? tracker.currentWidget;
      return { panel, state: gate.stateOf(panel) };
    };
    commands.addCommand(CommandIDs.check, {
      label: 'Check my work',
      caption: "Run this lab's checks against your notebook",
      isVisible: args => !!target(args).state,
      isEnabled: args => {
        const { panel, state } = target(args);
        return (
          !!state?.lab.manifest &&
          !state.blocked &&
          !!panel?.sessionContext.session?.kernel
        );
      },
      execute: async args => {
        const { panel, state } = target(args);
        if (!panel || !state?.lab.manifest || state.blocked) {
          return;
        }
        const { folder, manifest } = state.lab;
        try {
          const code = await rubricSource(contents, folder, manifest);
          const session = panel.sessionContext;
          const outcome = await gate.admit(
            panel,
            () => checkMyWork(panel, manifest, code).then(() => true),
            () => session.startKernel()
          );
          if ('sent' in outcome) {
            await outcome.sent;
          } else {
            throw new Error(
              'refused' in outcome
                ? `The checks did not run: ${outcome.refused}`
                : 'The checks did not run: the notebook has no kernel'
            );
          }
        } catch (error) {
          await showErrorMessage('Check my work', error as Error);
        }
      }
    });
    commands.addCommand(CommandIDs.open, {
      label: args => `Lab: ${args.id as string}`,
      caption: args => `Open the starter notebook of lab ${args.id as string}`,
      icon: notebookIcon,
      execute: args =>
        commands.execute('docmanager:open', {
          path: args.path as string,
          factory: 'Notebook'
        })
    });
    palette?.addItem({ command: CommandIDs.check, category: 'Labs' });

    const refresh = () => commands.notifyCommandChanged(CommandIDs.check);
    gate.changed.connect(refresh);
    tracker.currentChanged.connect(refresh);

    tracker.widgetAdded.connect((_, panel: NotebookPanel) => {
      const button = new CommandToolbarButton({
        commands,
        id: CommandIDs.check,
        args: { notebook: panel.id }
      });
      panel.toolbar.insertAfter('cellType', 'browsergrad-check', button);
      panel.sessionContext.kernelChanged.connect(refresh);
      panel.sessionContext.statusChanged.connect(refresh);
      void gate
        .watch(panel)
        .catch(error =>
          console.error('browsergrad: could not check the lab', error)
        );
    });

    void loaded.then(({ index }) => {
      if (!launcher || !index) {
        return;
      }
      index.labs.forEach((entry, rank) =>
        launcher.add({
          command: CommandIDs.open,
          args: {
            id: entry.manifest.id,
            path: joinPath(entry.path, entry.manifest.starter_path)
          },
          category: 'Labs',
          rank
        })
      );
    });

    return {
      identify: panel => labIdentity(contents, gate.stateOf(panel)?.lab)
    };
  }
};
