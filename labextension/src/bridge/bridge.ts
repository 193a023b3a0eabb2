/**
 * The host bridge (IHostBridge): binds the port a hub hands over with
 * `live-init` (allowed origins only), sends donations, logs and exits over
 * it, waits for each donation's acknowledgement, keeps what is not
 * acknowledged in a store and sends it again when a host binds, and saves
 * donations to the drive when no host is bound. No DOM here: it is tested
 * under Node with real MessageChannels.
 */
import {
  HOST_PROTOCOL_VERSION,
  isLiveInit,
  LOG_LEVELS,
  originAllowed,
  parseAck,
  parseLiveInit,
  type SiteMessage
} from './protocol';
import { DonationQueue } from './queue';
import type { IDonationStore, IQueuedDonation } from './store';
import type {
  HostLogLevel,
  IDonationResponse,
  IDonationSource,
  IHostBridge,
  IHostBridgeSettings
} from './tokens';

/** A window message as the bridge reads it. */
export interface IWindowMessage {
  origin: string;
  data: unknown;
  ports: readonly MessagePort[];
  /** Whether it came from the embedding window (`event.source === parent`). */
  fromParent: boolean;
}

export interface IHostBridgeOptions {
  settings: IHostBridgeSettings;
  store: IDonationStore;
  /** The site runs in an iframe, so a host may bind later. */
  embedded: boolean;
  /** Save a donation to the drive; resolves with its path. */
  saveToDrive(donation: IQueuedDonation): Promise<string>;
  /** Tell the user something (a notification in the page). */
  tell?(message: string, kind: 'info' | 'warning' | 'error'): void;
  /** Where refusals and protocol problems are written (the console). */
  warn?(message: string): void;
  newId?(): string;
}

/** Log lines kept while no host is bound, the newest ones. */
const LOG_BUFFER = 1000;

interface IWaiter {
  resolve(response: IDonationResponse): void;
  key: string;
  timer: ReturnType<typeof setTimeout>;
}

export class HostBridge implements IHostBridge {
  constructor(private readonly _options: IHostBridgeOptions) {
    this._queue = new DonationQueue(_options.store, message =>
      this._warn(message)
    );
  }

  get bound(): boolean {
    return this._port !== null;
  }

  /** The locale of the bound host; null before a host binds. */
  get locale(): string | null {
    return this._locale;
  }

  /**
   * A message to the site's window: a `live-init` from an allowed origin
   * binds (or rebinds) the port; any other is refused and written to the
   * console, with nothing bound. Messages that are not `live-init` are
   * someone else's and ignored. Returns what happened, for tests.
   */
  receive(message: IWindowMessage): 'bound' | 'refused' | 'ignored' {
    if (!isLiveInit(message.data)) {
      return 'ignored';
    }
    const refuse = (why: string) => {
      this._warn(
        `browsergrad host bridge: refused live-init from ${message.origin}: ${why}`
      );
      return 'refused' as const;
    };
    if (!originAllowed(message.origin, this._options.settings.origins)) {
      return refuse(
        'that origin is not in the site settings (hostBridge.origins in jupyter-lite.json)'
      );
    }
    if (!message.fromParent) {
      return refuse('it did not come from the window that embeds the site');
    }
    const parsed = parseLiveInit(message.data, message.ports);
    if ('refused' in parsed) {
      return refuse(parsed.refused);
    }
    this._bind(parsed.port, parsed.locale);
    return 'bound';
  }

  async donate(
    key: string,
    json: string,
    source: IDonationSource = {}
  ): Promise<IDonationResponse> {
    const problem = this._check(key, json);
    if (problem) {
      return { success: false, key: String(key), status: 0, error: problem };
    }
    const donation: IQueuedDonation = {
      id: this._options.newId?.() ?? crypto.randomUUID(),
      key,
      json,
      source: { ...source },
      created: new Date().toISOString()
    };
    if (!this._port) {
      return this._withoutHost(donation);
    }
    await this._queue.keep(donation);
    const answer = this._await(donation);
    this._send(donation);
    return answer;
  }

  log(level: HostLogLevel, message: string): void {
    const rank = LOG_LEVELS.indexOf(level);
    if (
      rank < 0 ||
      rank < LOG_LEVELS.indexOf(this._options.settings.logLevel)
    ) {
      return;
    }
    this._logs.push({
      type: 'log',
      version: HOST_PROTOCOL_VERSION,
      level,
      message: String(message),
      time: new Date().toISOString()
    });
    if (this._logs.length > LOG_BUFFER) {
      this._logs.splice(0, this._logs.length - LOG_BUFFER);
    }
  }

  flush(): void {
    if (!this._port) {
      return; // kept for the next host
    }
    for (const line of this._logs.splice(0)) {
      this._post(line);
    }
  }

  exit(code: number, info: string): void {
    this.flush();
    this._post({
      type: 'exit',
      version: HOST_PROTOCOL_VERSION,
      code: Number(code),
      info: String(info)
    });
  }

  /** How many donations wait for an acknowledgement (kept in the store). */
  async queued(): Promise<number> {
    return (await this._queue.all()).length;
  }

  /** Close the port, as when the page goes away. */
  dispose(): void {
    this._unbind();
  }

  /** Bad data is refused here, before anything is kept. */
  private _check(key: string, json: string): string | null {
    if (typeof key !== 'string' || key.length === 0) {
      return `a donation key must be a non-empty string, got ${JSON.stringify(key)}`;
    }
    if (typeof json !== 'string') {
      return `the donation "${key}" must be a JSON string, got ${typeof json}`;
    }
    const bytes = new TextEncoder().encode(json).length;
    const cap = this._options.settings.maxDonationBytes;
    if (bytes > cap) {
      return `the donation "${key}" is ${bytes} bytes, over this site's limit of ${cap} bytes (hostBridge.maxDonationBytes); nothing was sent`;
    }
    try {
      JSON.parse(json);
    } catch (error) {
      return `the donation "${key}" is not JSON (${(error as Error).message}); nothing was sent`;
    }
    return null;
  }

  private _bind(port: MessagePort, locale: string): void {
    // a rebind: what waits for an ack now waits for it on the new port
    this._unbind(false);
    this._port = port;
    this._locale = locale;
    this._sentOnPort = new Set();
    port.onmessage = event => this._onPortMessage(port, event.data);
    // A host that goes away closes its end (Chromium 123+ tells us).
    port.addEventListener('close', () => {
      if (this._port === port) {
        this._warn('browsergrad host bridge: the host closed the port');
        this._unbind();
      }
    });
    port.start?.();
    void this._afterBind(port);
  }

  private async _afterBind(port: MessagePort): Promise<void> {
    const queued = await this._queue.all();
    if (this._port !== port) {
      return;
    }
    this._post({
      type: 'ready',
      version: HOST_PROTOCOL_VERSION,
      locale: this._locale ?? '',
      queued: queued.length
    });
    this.flush();
    for (const donation of queued) {
      this._send(donation);
    }
  }

  private _unbind(failPending = true): void {
    const port = this._port;
    if (!port) {
      return;
    }
    this._port = null;
    port.onmessage = null;
    port.close();
    if (!failPending) {
      return;
    }
    for (const [id, waiter] of this._waiters) {
      clearTimeout(waiter.timer);
      this._waiters.delete(id);
      waiter.resolve(
        this._notDelivered(
          waiter.key,
          'the host closed the connection before acknowledging it'
        )
      );
    }
  }

  /** Post a donation on the bound port, once per binding. */
  private _send(donation: IQueuedDonation): void {
    if (this._sentOnPort.has(donation.id)) {
      return;
    }
    this._sentOnPort.add(donation.id);
    this._post({
      type: 'donate',
      version: HOST_PROTOCOL_VERSION,
      ...donation
    });
  }

  private _post(message: SiteMessage): void {
    try {
      this._port?.postMessage(message);
    } catch (error) {
      this._warn(
        `browsergrad host bridge: could not post to the host: ${error}`
      );
    }
  }

  private _await(donation: IQueuedDonation): Promise<IDonationResponse> {
    return new Promise(resolve => {
      const seconds = this._options.settings.ackTimeoutSeconds;
      const timer = setTimeout(() => {
        this._waiters.delete(donation.id);
        resolve(
          this._notDelivered(
            donation.key,
            `the host did not acknowledge it within ${seconds} s`
          )
        );
      }, seconds * 1000);
      this._waiters.set(donation.id, { resolve, key: donation.key, timer });
    });
  }

  private _notDelivered(key: string, why: string): IDonationResponse {
    return {
      success: false,
      key,
      status: 0,
      error: `${why}; it is kept and sent again when a host connects`
    };
  }

  private _onPortMessage(port: MessagePort, data: unknown): void {
    if (port !== this._port) {
      return;
    }
    const ack = parseAck(data);
    if ('invalid' in ack) {
      this._warn(
        `browsergrad host bridge: ignored a message from the host: ${ack.invalid}`
      );
      return;
    }
    void this._settle(ack.id, ack.success, ack.status, ack.error);
  }

  /** A host's answer: forget the donation; a refused one goes to the drive. */
  private async _settle(
    id: string,
    success: boolean,
    status: number,
    error: string | null
  ): Promise<void> {
    const donation = (await this._queue.all()).find(item => item.id === id);
    if (!donation) {
      this._warn(`browsergrad host bridge: an ack for unknown donation ${id}`);
      return;
    }
    const response: IDonationResponse = {
      success,
      key: donation.key,
      status,
      error
    };
    if (!success) {
      // the host's answer is final: keep the data for the user, not the queue
      const saved = await this._save(donation);
      if (saved) {
        response.savedTo = saved;
        this._tell(
          `The host refused "${donation.key}" (${error}). It was saved to ${saved}.`,
          'error'
        );
      } else {
        this._resolve(id, response);
        return; // could not save: it stays queued
      }
    }
    await this._queue.forget(id);
    this._resolve(id, response);
  }

  private _resolve(id: string, response: IDonationResponse): void {
    const waiter = this._waiters.get(id);
    if (waiter) {
      clearTimeout(waiter.timer);
      this._waiters.delete(id);
      waiter.resolve(response);
    }
  }

  /** No host bound: to the drive (and, in an iframe, queued for a host). */
  private async _withoutHost(
    donation: IQueuedDonation
  ): Promise<IDonationResponse> {
    if (this._options.embedded) {
      await this._queue.keep(donation);
    }
    const saved = await this._save(donation);
    if (!saved) {
      await this._queue.keep(donation);
      return {
        success: false,
        key: donation.key,
        status: 0,
        error:
          'no host is connected and it could not be saved to the drive; it is kept in this browser and sent when a host connects'
      };
    }
    this._tell(
      `No host is connected: "${donation.key}" was saved to ${saved}.`,
      'info'
    );
    return {
      success: true,
      key: donation.key,
      status: 0,
      error: null,
      savedTo: saved
    };
  }

  private async _save(donation: IQueuedDonation): Promise<string | null> {
    try {
      return await this._options.saveToDrive(donation);
    } catch (error) {
      this._warn(
        `browsergrad host bridge: could not save "${donation.key}" to the drive: ${error}`
      );
      return null;
    }
  }

  private _warn(message: string): void {
    (this._options.warn ?? console.warn)(message);
  }

  private _tell(message: string, kind: 'info' | 'warning' | 'error'): void {
    this._options.tell?.(message, kind);
  }

  private _port: MessagePort | null = null;
  private _locale: string | null = null;
  private _sentOnPort = new Set<string>();
  private _waiters = new Map<string, IWaiter>();
  private _logs: SiteMessage[] = [];
  private readonly _queue: DonationQueue;
}
