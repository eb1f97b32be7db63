// Per-key async mutex: callers for the same key run one after another, other keys are not held up.

export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for every earlier holder of `key`, then returns the function that releases it. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let unlock!: () => void;
    const held = new Promise<void>((resolve) => (unlock = resolve));
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      unlock();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
