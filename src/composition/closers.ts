/** One part's way to shut down. */
export interface Closer {
  readonly name: string;
  close(): Promise<void> | void;
}

/**
 * The shutdown of an app assembled from modules: each module adds its closer as it is built, and {@link Closers.closeAll}
 * closes them in the reverse order, so a part closes before what it was built on. A failing closer does not keep the
 * others (the store last of all) from closing; the first failure is thrown once all have run.
 *
 * @example
 * const closers = new Closers();
 * closers.add(storage); closers.add(http);
 * await closers.closeAll(); // http, then storage
 */
export class Closers {
  private readonly closers: Closer[] = [];

  /** Adds a closer, to run before every closer added earlier. */
  add(closer: Closer): void {
    this.closers.push(closer);
  }

  /** Names in the order they close. */
  get order(): string[] {
    return this.closers.map((closer) => closer.name).reverse();
  }

  /** Runs every closer, last added first. */
  async closeAll(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (const closer of this.closers.splice(0).reverse()) {
      try {
        await closer.close();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
