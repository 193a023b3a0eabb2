/**
 * The donations waiting for an acknowledgement: the store (IndexedDB), and a
 * copy in memory of what the store could not take, so that a failing store
 * loses nothing while the page is open.
 */
import { byAge, type IDonationStore, type IQueuedDonation } from './store';

export class DonationQueue {
  constructor(
    private readonly _store: IDonationStore,
    private readonly _warn: (message: string) => void
  ) {}

  async keep(donation: IQueuedDonation): Promise<void> {
    this._memory.set(donation.id, donation);
    try {
      await this._store.put(donation);
    } catch (error) {
      this._warn(
        `browsergrad host bridge: could not store a donation (kept until the page closes): ${error}`
      );
    }
  }

  async forget(id: string): Promise<void> {
    this._memory.delete(id);
    try {
      await this._store.delete(id);
    } catch (error) {
      this._warn(
        `browsergrad host bridge: could not remove a delivered donation: ${error}`
      );
    }
  }

  /** Every waiting donation, oldest first. */
  async all(): Promise<IQueuedDonation[]> {
    let stored: IQueuedDonation[] = [];
    try {
      stored = await this._store.all();
    } catch (error) {
      this._warn(
        `browsergrad host bridge: could not read stored donations: ${error}`
      );
    }
    const ids = new Set(stored.map(item => item.id));
    const extra = [...this._memory.values()].filter(item => !ids.has(item.id));
    return [...stored, ...extra].sort(byAge);
  }

  private _memory = new Map<string, IQueuedDonation>();
}
