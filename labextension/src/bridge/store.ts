/**
 * Where unacknowledged donations wait: IndexedDB in the page, so they survive
 * a reload; in memory where IndexedDB is missing (Node tests, some private
 * windows), which the bridge says in the console.
 */
import type { IDonationSource } from './tokens';

/** One donation as kept until a host acknowledges it. */
export interface IQueuedDonation {
  id: string;
  key: string;
  json: string;
  source: IDonationSource;
  created: string;
}

export interface IDonationStore {
  /** Keep a donation (again: the same id replaces it in place). */
  put(donation: IQueuedDonation): Promise<void>;
  /** Forget an acknowledged donation. */
  delete(id: string): Promise<void>;
  /** Every kept donation, oldest first. */
  all(): Promise<IQueuedDonation[]>;
}

const DB_NAME = 'browsergrad-host-bridge';
const STORE = 'donations';

export class MemoryDonationStore implements IDonationStore {
  async put(donation: IQueuedDonation): Promise<void> {
    this._items.set(donation.id, { ...donation });
  }
  async delete(id: string): Promise<void> {
    this._items.delete(id);
  }
  async all(): Promise<IQueuedDonation[]> {
    return [...this._items.values()].sort(byAge);
  }
  private _items = new Map<string, IQueuedDonation>();
}

/** Oldest first; the id breaks ties of the same millisecond. */
export function byAge(a: IQueuedDonation, b: IQueuedDonation): number {
  return a.created.localeCompare(b.created) || a.id.localeCompare(b.id);
}

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

export class IndexedDbDonationStore implements IDonationStore {
  constructor(private readonly _factory: IDBFactory) {}

  async put(donation: IQueuedDonation): Promise<void> {
    await this._run('readwrite', store => store.put(donation));
  }
  async delete(id: string): Promise<void> {
    await this._run('readwrite', store => store.delete(id));
  }
  async all(): Promise<IQueuedDonation[]> {
    const items = await this._run('readonly', store => store.getAll());
    return (items as IQueuedDonation[]).sort(byAge);
  }

  private async _run<T>(
    mode: IDBTransactionMode,
    act: (store: IDBObjectStore) => IDBRequest<T>
  ): Promise<T> {
    const db = await this._open();
    const tx = db.transaction(STORE, mode);
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const result = await done(act(tx.objectStore(STORE)));
    await committed;
    return result;
  }

  private _open(): Promise<IDBDatabase> {
    if (!this._db) {
      const request = this._factory.open(DB_NAME, 1);
      request.onupgradeneeded = () =>
        request.result.createObjectStore(STORE, { keyPath: 'id' });
      this._db = done(request);
    }
    return this._db;
  }

  private _db: Promise<IDBDatabase> | null = null;
}

/** The page's store: IndexedDB when there is one. */
export function defaultStore(): { store: IDonationStore; durable: boolean } {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  return factory
    ? { store: new IndexedDbDonationStore(factory), durable: true }
    : { store: new MemoryDonationStore(), durable: false };
}
