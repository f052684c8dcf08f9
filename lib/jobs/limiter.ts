/**
 * The inline driver's bound on running scans: at most `global` at once in this process and at most `perKey` per
 * customer tenant — what Inngest's `concurrency` option does for the durable driver (inngest/functions/run-scan.ts
 * declares the same two limits). A dispatcher tick that hands off 100k due scans therefore opens at most `global`
 * Graph sessions; the rest wait here, first come first served, and a tenant at its own limit never holds up other
 * tenants (its jobs wait in their own queue while the others go ahead).
 *
 * The queue lives in memory, like everything the inline driver does: a process that dies loses the jobs waiting
 * here as well as the running ones, and the reaper fails their scans after SCAN_TIMEOUT_SECONDS (counted from the
 * scan's creation, so a job that waited longer than that is failed too — the limits must be sized so that a
 * tick's scans drain well within the timeout; see README, "Load shaping").
 */
export type ConcurrencyLimits = { global: number; perKey: number };
export type LimiterStats = { running: number; queued: number; peakRunning: number; peakRunningPerKey: number; started: number };

/** A FIFO with O(1) push and shift (Array#shift is O(n) on large arrays). */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

type Task = () => Promise<void>;

export class ConcurrencyLimiter {
  private running = 0;
  private queued = 0;
  private readonly runningByKey = new Map<string, number>();
  private readonly pendingByKey = new Map<string, Fifo<Task>>();
  /** Keys with pending tasks that are below their own limit, in the order they became ready (round robin). */
  private readonly ready = new Fifo<string>();
  private readonly isReady = new Set<string>();
  private peakRunning = 0;
  private peakRunningPerKey = 0;
  private started = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly limits: ConcurrencyLimits) {
    if (!(limits.global >= 1 && limits.perKey >= 1)) throw new Error(`concurrency limits must be ≥ 1: ${JSON.stringify(limits)}`);
  }

  /** Queues `task` under `key`; it starts when both limits allow. Errors of the task are its own to handle. */
  enqueue(key: string, task: Task): void {
    let pending = this.pendingByKey.get(key);
    if (!pending) this.pendingByKey.set(key, (pending = new Fifo()));
    pending.push(task);
    this.queued++;
    this.markReady(key);
    this.pump();
  }

  stats(): LimiterStats {
    return { running: this.running, queued: this.queued, peakRunning: this.peakRunning, peakRunningPerKey: this.peakRunningPerKey, started: this.started };
  }

  /** Resolves once nothing is running or queued (benchmarks and tests). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private markReady(key: string): void {
    if (this.isReady.has(key)) return;
    if ((this.runningByKey.get(key) ?? 0) >= this.limits.perKey) return;
    if ((this.pendingByKey.get(key)?.size ?? 0) === 0) return;
    this.isReady.add(key);
    this.ready.push(key);
  }

  private pump(): void {
    while (this.running < this.limits.global && this.ready.size > 0) {
      const key = this.ready.shift()!;
      this.isReady.delete(key);
      const pending = this.pendingByKey.get(key)!;
      const task = pending.shift()!;
      if (pending.size === 0) this.pendingByKey.delete(key);
      this.queued--;
      this.start(key, task);
      this.markReady(key); // more of this tenant's jobs go to the back of the line
    }
  }

  private start(key: string, task: Task): void {
    this.running++;
    this.started++;
    const forKey = (this.runningByKey.get(key) ?? 0) + 1;
    this.runningByKey.set(key, forKey);
    this.peakRunning = Math.max(this.peakRunning, this.running);
    this.peakRunningPerKey = Math.max(this.peakRunningPerKey, forKey);
    const finish = () => {
      this.running--;
      const left = this.runningByKey.get(key)! - 1;
      if (left === 0) this.runningByKey.delete(key);
      else this.runningByKey.set(key, left);
      this.markReady(key);
      this.pump();
      if (this.running === 0 && this.queued === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    };
    // Started on a later turn, like a queue would: the caller (an HTTP response, a dispatcher batch) is not held up.
    setImmediate(() => {
      task().then(finish, finish);
    });
  }
}
