/**
 * One turn at a time per key, inside this process. The database row lock already serialises a
 * conversation across instances; this keeps a burst of messages for one conversation from each
 * taking a pool connection only to wait on that row lock, which would starve the pool (the turn
 * that holds the lock needs more connections for its effects) until acquisition times out.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
