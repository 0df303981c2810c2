/**
 * At most `size` tasks at a time; the others wait their turn, first come first served. What a write does
 * besides exiftool's part (reading, hashing and copying files) is worth doing for the next photo while
 * exiftool writes this one, but not for hundreds at once: they would only crowd memory and each other.
 */
export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`Slots need a size ≥ 1, not ${size}.`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++;
    // A slot is handed over by the task that frees it: `running` stays the same.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
