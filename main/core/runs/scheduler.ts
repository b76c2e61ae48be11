/** One unit of work waiting for a slot; `notBefore` holds a retry back without holding a slot. */
interface Waiting<T> {
  item: T;
  site: string;
  notBefore: number;
}

/**
 * Hands out work under a global limit and an optional per-site limit. A plain queue (p-queue) would let a
 * task wait for its site while holding a global slot, idling the laptop while other sites could run; here a
 * controller is only picked when both limits have room, and a controller waiting to retry holds nothing.
 */
export class SiteScheduler<T> {
  private readonly waiting: Array<Waiting<T>> = [];
  private readonly runningPerSite = new Map<string, number>();
  private running = 0;

  constructor(
    private readonly concurrency: number,
    private readonly perSite: number | null,
  ) {}

  /** Queues an item for its site, eligible from `notBefore` (epoch ms). */
  add(item: T, site: string, notBefore = 0): void {
    this.waiting.push({ item, site, notBefore });
  }

  /** Removes a waiting item; false if it was not waiting (already running or done). */
  remove(match: (item: T) => boolean): boolean {
    const i = this.waiting.findIndex((w) => match(w.item));
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    return true;
  }

  /** Takes the next item that may start now, marking its slots used; undefined when none may. */
  take(now: number): { item: T; site: string } | undefined {
    if (this.running >= this.concurrency) return undefined;
    const i = this.waiting.findIndex((w) => w.notBefore <= now && this.siteHasRoom(w.site));
    if (i < 0) return undefined;
    const [w] = this.waiting.splice(i, 1);
    if (!w) return undefined;
    this.running++;
    this.runningPerSite.set(w.site, (this.runningPerSite.get(w.site) ?? 0) + 1);
    return { item: w.item, site: w.site };
  }

  /** Frees the slots of an item that finished (or will retry: add it again). */
  release(site: string): void {
    this.running--;
    this.runningPerSite.set(site, (this.runningPerSite.get(site) ?? 1) - 1);
  }

  /** Earliest time a waiting item becomes eligible, or undefined when nothing waits. */
  nextWakeUp(): number | undefined {
    let earliest: number | undefined;
    for (const w of this.waiting) earliest = earliest === undefined ? w.notBefore : Math.min(earliest, w.notBefore);
    return earliest;
  }

  /** Items waiting (including those holding back for a retry). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Items holding a slot. */
  get runningCount(): number {
    return this.running;
  }

  /** Everything still waiting, removed from the queue (for cancelling a run). */
  drain(): T[] {
    return this.waiting.splice(0).map((w) => w.item);
  }

  private siteHasRoom(site: string): boolean {
    return this.perSite === null || (this.runningPerSite.get(site) ?? 0) < this.perSite;
  }
}
