/**
 * Flows in notebooks: the wire format of the run cycle (docs/flows.md) and
 * the service that hands a chosen file to the kernel's worker.
 */
import { Token } from '@lumino/coreutils';

import type { IAttachedFile } from '../worker/protocol';

/** The comm target Python's `bg.run_flow` opens. */
export const FLOW_COMM_TARGET = 'browsergrad.flow';
/** The flow's output: `{flow_id, comm_id, version}` beside a text/plain transcript. */
export const FLOW_MIME = 'application/vnd.browsergrad.flow.v1+json';

/** A page of `CommandUIRender`: its `__type__` and its fields. */
export interface IFlowPage {
  __type__: string;
  [field: string]: unknown;
}

export type FlowCommand =
  | { __type__: 'CommandUIRender'; page: IFlowPage }
  | { __type__: 'CommandSystemDonate'; key: string; json_string: string }
  | { __type__: 'CommandSystemLog'; level: string; message: string }
  | { __type__: 'CommandSystemExit'; code: number; info: string };

export type FlowPayload =
  | { __type__: 'PayloadVoid'; value: string | null }
  | { __type__: 'PayloadTrue'; value: true }
  | { __type__: 'PayloadFalse'; value: false }
  | { __type__: 'PayloadString'; value: string }
  | { __type__: 'PayloadJSON'; value: string }
  | {
      __type__: 'PayloadFile';
      value: { file_id: string; name: string; size: number };
    }
  | {
      __type__: 'PayloadResponse';
      success: boolean;
      key: string;
      status: number;
      error: string | null;
    };

/** Python -> frontend, on the flow's comm. */
export interface IFlowCommandMsg {
  type: 'command';
  seq: number;
  command: FlowCommand;
  /** The flow so far as text: the output's text/plain. */
  transcript: string;
}

/** Frontend -> Python, on the flow's comm. */
export type FlowReplyMsg =
  | { type: 'response'; seq: number; payload: FlowPayload }
  | { type: 'stop'; reason: string };

/** Hands a file chosen in a flow to the worker of a kernel. */
export interface IFlowFiles {
  /** Attach `file` as `fileId` in kernel `kernelId`'s worker. */
  attach(kernelId: string, fileId: string, file: File): Promise<IAttachedFile>;
}

export const IFlowFiles = new Token<IFlowFiles>(
  'browsergrad-kernel:IFlowFiles',
  "Hands a file chosen in a flow to the browsergrad kernel's worker."
);
