/**
 * The host bridge's public interface: how the run cycle and the Tests panel
 * hand donations, logs and the end of a flow to a classroom hub that embeds
 * the site.
 */
import { Token } from '@lumino/coreutils';

/** The levels of `CommandSystemLog`, lowest first. */
export type HostLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The outcome of one donation: the run cycle's `PayloadResponse`. */
export interface IDonationResponse {
  /** The host acknowledged it, or it was saved to the drive (no host). */
  success: boolean;
  /** The donation's key, as given. */
  key: string;
  /** The host's status code; 0 when no host answered. */
  status: number;
  /** Why it failed (or was only queued); null on success. */
  error: string | null;
  /** Where in the drive it was saved, when no host is bound. */
  savedTo?: string;
}

/** Where a donation comes from: shown to the user and sent to the host. */
export interface IDonationSource {
  /** The notebook's path in the drive. */
  notebook?: string;
}

export interface IHostBridge {
  /** A host has bound a port with `live-init`. */
  readonly bound: boolean;
  /**
   * Send a donation and wait for its acknowledgement. Never rejects: a
   * timeout, a host error or bad data come back as `success: false`, and an
   * unacknowledged donation stays queued until a host takes it.
   */
  donate(
    key: string,
    json: string,
    source?: IDonationSource
  ): Promise<IDonationResponse>;
  /** Forward a log line when it is at or above the configured level. */
  log(level: HostLogLevel, message: string): void;
  /** Tell the host that a flow ended. */
  exit(code: number, info: string): void;
  /** Send buffered log lines now (called after every cycle). */
  flush(): void;
}

export const IHostBridge = new Token<IHostBridge>(
  'browsergrad-kernel:IHostBridge',
  'The host bridge to a classroom hub that embeds the site.'
);

/** The site settings of the bridge (`hostBridge` in the kernel settings). */
export interface IHostBridgeSettings {
  /** Exact origins whose `live-init` is accepted; none by default. */
  origins: string[];
  /** How long a donation waits for the host's acknowledgement. */
  ackTimeoutSeconds: number;
  /** The largest donation accepted, in UTF-8 bytes of its JSON. */
  maxDonationBytes: number;
  /** Log lines at or above this level go to the host. */
  logLevel: HostLogLevel;
  /** Where in the drive donations are saved when no host is bound. */
  driveFolder: string;
}
