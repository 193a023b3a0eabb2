/**
 * The run cycle's command router: a page goes to the flow's view, a
 * donation, a log line or the end goes to the host bridge. Without a bridge,
 * a donation answers `success: false` naming the missing bridge, and the
 * flow goes on.
 */
import type { HostLogLevel, IHostBridge } from '../bridge/tokens';
import type { FlowCommand, FlowPayload, IFlowPage } from './tokens';

export const NO_BRIDGE =
  'No host bridge is installed (IHostBridge), so the donation was not sent.';

const LEVELS: HostLogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface IRouterTargets {
  bridge: IHostBridge | null;
  /** Show a page; resolves with its answer. */
  render(page: IFlowPage): Promise<FlowPayload>;
  /** Where the donation comes from (the notebook's path). */
  notebook: string;
}

/** Handle one command; resolves with its response (null after an exit). */
export async function route(
  command: FlowCommand,
  targets: IRouterTargets
): Promise<FlowPayload | null> {
  const { bridge } = targets;
  switch (command.__type__) {
    case 'CommandUIRender':
      return targets.render(command.page);
    case 'CommandSystemDonate': {
      if (!bridge) {
        return {
          __type__: 'PayloadResponse',
          success: false,
          key: command.key,
          status: 0,
          error: NO_BRIDGE
        };
      }
      const response = await bridge.donate(command.key, command.json_string, {
        notebook: targets.notebook
      });
      return {
        __type__: 'PayloadResponse',
        success: !!response.success,
        key: response.key ?? command.key,
        status: response.status ?? 0,
        error: response.error ?? null
      };
    }
    case 'CommandSystemLog': {
      const level = LEVELS.includes(command.level as HostLogLevel)
        ? (command.level as HostLogLevel)
        : 'info';
      (level === 'error' ? console.error : console.log)(
        `browsergrad flow [${level}]: ${command.message}`
      );
      bridge?.log(level, command.message);
      return { __type__: 'PayloadVoid', value: null };
    }
    case 'CommandSystemExit':
      bridge?.exit(command.code, command.info);
      return null;
    default: {
      const kind = (command as { __type__?: unknown })?.__type__;
      return {
        __type__: 'PayloadVoid',
        value: `unknown command ${JSON.stringify(kind)}`
      };
    }
  }
}
