/**
 * The host protocol, version 1 (docs/host-protocol.md): the `live-init`
 * handshake a hub posts to the site's window, and the messages on the
 * MessagePort it hands over. Pure, so it is tested under Node.
 */
import type { HostLogLevel, IDonationSource } from './tokens';

export const HOST_PROTOCOL_VERSION = 1;

/** Host → site window: bind this port. */
export interface ILiveInit {
  type: 'live-init';
  version?: number;
  locale: string;
}

/** Site → host: the port is bound; `queued` donations follow. */
export interface IReadyMessage {
  type: 'ready';
  version: typeof HOST_PROTOCOL_VERSION;
  locale: string;
  queued: number;
}

/** Site → host: one donation; answer it with an `ack` of the same id. */
export interface IDonateMessage {
  type: 'donate';
  version: typeof HOST_PROTOCOL_VERSION;
  id: string;
  key: string;
  /** The donated data, a JSON text. */
  json: string;
  source: IDonationSource;
  /** When it was first made (ISO 8601). */
  created: string;
}

export interface ILogMessage {
  type: 'log';
  version: typeof HOST_PROTOCOL_VERSION;
  level: HostLogLevel;
  message: string;
  time: string;
}

export interface IExitMessage {
  type: 'exit';
  version: typeof HOST_PROTOCOL_VERSION;
  code: number;
  info: string;
}

export type SiteMessage =
  IReadyMessage | IDonateMessage | ILogMessage | IExitMessage;

/** Host → site over the port: the answer to one donation. */
export interface IAckMessage {
  type: 'ack';
  version?: number;
  id: string;
  success: boolean;
  status: number;
  error: string | null;
}

export const LOG_LEVELS: readonly HostLogLevel[] = [
  'debug',
  'info',
  'warn',
  'error'
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a window message is meant as a handshake at all. */
export function isLiveInit(data: unknown): boolean {
  return isObject(data) && data.type === 'live-init';
}

/** A handshake checked: its locale and port, or why it is refused. */
export function parseLiveInit(
  data: unknown,
  ports: readonly MessagePort[]
): { locale: string; port: MessagePort } | { refused: string } {
  if (!isObject(data) || data.type !== 'live-init') {
    return { refused: 'it is not a live-init message' };
  }
  if (data.version !== undefined && data.version !== HOST_PROTOCOL_VERSION) {
    return {
      refused: `it asks for protocol version ${JSON.stringify(data.version)}; this site speaks ${HOST_PROTOCOL_VERSION}`
    };
  }
  if (typeof data.locale !== 'string' || data.locale.length === 0) {
    return {
      refused: `its locale must be a language tag such as "en", got ${JSON.stringify(data.locale) ?? 'nothing'}`
    };
  }
  if (ports.length !== 1) {
    return {
      refused: `it must transfer exactly one MessagePort, got ${ports.length}`
    };
  }
  return { locale: data.locale, port: ports[0] };
}

/** An acknowledgement checked, or why it cannot be one. */
export function parseAck(data: unknown): IAckMessage | { invalid: string } {
  if (!isObject(data) || data.type !== 'ack') {
    return {
      invalid: `expected {"type": "ack", ...}, got ${describe(data)}`
    };
  }
  if (typeof data.id !== 'string' || typeof data.success !== 'boolean') {
    return { invalid: 'an ack needs a string id and a boolean success' };
  }
  const status = typeof data.status === 'number' ? data.status : 0;
  const error =
    typeof data.error === 'string'
      ? data.error
      : data.success
        ? null
        : 'the host refused the donation without saying why';
  return { type: 'ack', id: data.id, success: data.success, status, error };
}

/** A short description of a value for a log line. */
function describe(value: unknown): string {
  if (isObject(value) && typeof value.type === 'string') {
    return `a "${value.type}" message`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Whether an origin is one of the allowed ones (exact match only). */
export function originAllowed(
  origin: string,
  allowed: readonly string[]
): boolean {
  return origin !== 'null' && allowed.includes(origin);
}
