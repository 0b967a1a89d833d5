// The generation job queue: BullMQ on Redis when REDIS_URL is set, an in-process queue with the same interface
// otherwise. Either way a job is retried when its worker dies (BullMQ: the job's lock expires and the stalled-job
// check moves it back to the queue; in-process: kill() puts the job in hand back) or when its processor throws.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, Queue, Worker } from 'bullmq';
import type pino from 'pino';
import { closeRedis, connectBlockingRedis, connectRedis, waitReady } from '../../kit/events/redis.ts';
import type { RedisClient } from '../../kit/redis/connect.ts';

export interface JobPayload {
  /** schedule_generation_jobs.job_id */
  jobId: number;
  requestId: number;
  /** Conference the request belongs to (x-conference-id for the gateway calls). */
  tenant: number | null;
}

export interface JobContext {
  data: JobPayload;
  /** 1 on the first run, 2 after a retry, … */
  attempt: number;
  workerId: string;
  /** Aborted when the worker is closed or the job is cancelled through the queue. */
  signal: AbortSignal;
}

export type Processor = (job: JobContext) => Promise<void>;

export interface WorkerHandle {
  readonly id: string;
  /** Graceful: waits for the job in hand. */
  close(): Promise<void>;
}

export interface JobQueue {
  readonly kind: 'bullmq' | 'memory';
  /** Throws when the queue's backend is unavailable (Redis down). */
  ready(): Promise<void>;
  /** Queues a job (idempotent per jobId); returns the queue's job id. */
  add(data: JobPayload): Promise<string>;
  /** Removes a waiting job and signals an active one running in this process. */
  cancel(queueJobId: string): Promise<void>;
  startWorker(processor: Processor, opts?: { concurrency?: number; workerId?: string }): WorkerHandle;
  close(): Promise<void>;
}

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

export const queueJobId = (jobId: number) => `generation-${jobId}`;

// ---------------------------------------------------------------------------------------------

/** In-process queue: FIFO, retries with backoff, `kill(worker)` simulates a worker dying mid-job. */
export class MemoryJobQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private waiting: Array<{ id: string; data: JobPayload; attempts: number; notBefore: number }> = [];
  private active = new Map<string, { controller: AbortController; workerId: string; requeue: () => void }>();
  private known = new Set<string>();
  private wakers = new Set<() => void>();
  private workers = new Set<{ close(): Promise<void>; kill(): void }>();

  constructor(private readonly opts: { attempts?: number; backoffMs?: number; logger?: pino.Logger } = {}) {}

  async ready(): Promise<void> {}

  async add(data: JobPayload): Promise<string> {
    const id = queueJobId(data.jobId);
    if (!this.known.has(id)) {
      this.known.add(id);
      this.waiting.push({ id, data, attempts: 0, notBefore: 0 });
      for (const w of this.wakers) w();
    }
    return id;
  }

  async cancel(id: string): Promise<void> {
    this.waiting = this.waiting.filter((j) => j.id !== id);
    this.active.get(id)?.controller.abort(new Error('cancelled'));
  }

  /** Simulates the death of a worker: its job in hand goes back to the queue (retried), its result is ignored. */
  kill(workerId: string): void {
    for (const w of this.workers) if ((w as unknown as { id: string }).id === workerId) w.kill();
  }

  startWorker(processor: Processor, opts: { concurrency?: number; workerId?: string } = {}): WorkerHandle {
    const id = opts.workerId ?? `memory:${process.pid}:${randomUUID().slice(0, 8)}`;
    const maxAttempts = this.opts.attempts ?? 3;
    const backoff = this.opts.backoffMs ?? 500;
    let running = true;
    let current: Promise<void> | null = null;
    let wake = () => {};
    const loop = async () => {
      while (running) {
        const now = Date.now();
        const i = this.waiting.findIndex((j) => j.notBefore <= now);
        if (i < 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.wakers.add(resolve);
            setTimeout(resolve, 200).unref();
          });
          this.wakers.delete(wake);
          continue;
        }
        const [job] = this.waiting.splice(i, 1);
        job.attempts++;
        const controller = new AbortController();
        let requeued = false;
        const requeue = () => {
          if (requeued) return;
          requeued = true;
          this.waiting.unshift({ ...job, notBefore: 0 });
          for (const w of this.wakers) w();
        };
        this.active.set(job.id, { controller, workerId: id, requeue });
        current = processor({ data: job.data, attempt: job.attempts, workerId: id, signal: controller.signal }).then(
          () => {},
          (error) => {
            if (requeued) return;
            this.opts.logger?.warn({ err: error, job: job.id, attempt: job.attempts }, 'generation job failed');
            if (job.attempts < maxAttempts && !controller.signal.aborted) {
              this.waiting.push({ ...job, notBefore: Date.now() + backoff * 2 ** (job.attempts - 1) });
            }
          },
        );
        await current;
        current = null;
        this.active.delete(job.id);
      }
    };
    const done = loop();
    const handle = {
      id,
      close: async () => {
        running = false;
        wake();
        await done;
        this.workers.delete(handle);
      },
      kill: () => {
        running = false;
        wake();
        for (const a of this.active.values()) {
          if (a.workerId !== id) continue;
          a.requeue();
          a.controller.abort(new Error('worker killed'));
        }
        this.workers.delete(handle);
      },
    };
    this.workers.add(handle);
    return handle;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.close()));
  }
}

// ---------------------------------------------------------------------------------------------

export interface BullJobQueueOptions {
  url: string;
  /** Key prefix (BullMQ `prefix`), e.g. `flextime:bull`. */
  prefix: string;
  queueName?: string;
  attempts?: number;
  /** How long a worker's lock on a job lasts without renewal (default 10 s): a dead worker's job returns after it. */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs (default 5 s). */
  stalledIntervalMs?: number;
  logger?: pino.Logger;
}

export class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly client: RedisClient;
  private readonly queue: Queue;
  private readonly name: string;
  private readonly workers = new Set<{ worker: Worker; conn: RedisClient }>();

  constructor(private readonly opts: BullJobQueueOptions) {
    this.name = opts.queueName ?? 'schedule-generation';
    this.client = connectRedis(opts.url);
    this.queue = new Queue(this.name, {
      connection: this.client,
      prefix: opts.prefix,
      defaultJobOptions: {
        attempts: opts.attempts ?? 3,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { count: 1_000 },
        removeOnFail: { count: 1_000 },
      },
    });
    this.queue.on('error', () => {});
  }

  async ready(): Promise<void> {
    try {
      await waitReady(this.client, 1_500);
      await this.client.ping();
    } catch (error) {
      throw new QueueUnavailableError(`job queue unavailable: ${(error as Error).message}`);
    }
  }

  async add(data: JobPayload): Promise<string> {
    await this.ready();
    const id = queueJobId(data.jobId);
    try {
      const job = await this.queue.add('generate', data, { jobId: id });
      return job.id ?? id;
    } catch (error) {
      throw new QueueUnavailableError(`job queue unavailable: ${(error as Error).message}`);
    }
  }

  async cancel(id: string): Promise<void> {
    try {
      const job = await this.queue.getJob(id);
      if (job && (await job.isWaiting())) await job.remove();
      else if (job && (await job.isDelayed())) await job.remove();
    } catch {
      // an active job stops by itself: the processor sees the cancelled status
    }
    for (const { worker } of this.workers) worker.cancelJob(id, 'cancelled');
  }

  startWorker(processor: Processor, opts: { concurrency?: number; workerId?: string } = {}): WorkerHandle {
    const id = opts.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const conn = connectBlockingRedis(this.opts.url);
    const worker = new Worker(
      this.name,
      async (job: Job<JobPayload>, _token?: string, signal?: AbortSignal) => {
        await processor({
          data: job.data,
          attempt: job.attemptsStarted || job.attemptsMade + 1,
          workerId: id,
          signal: signal ?? new AbortController().signal,
        });
      },
      {
        connection: conn,
        prefix: this.opts.prefix,
        concurrency: opts.concurrency ?? 1,
        name: id,
        lockDuration: this.opts.lockDurationMs ?? 10_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 5_000,
        maxStalledCount: 3,
      },
    );
    worker.on('error', (error) => this.opts.logger?.warn({ err: error }, 'generation worker error'));
    worker.on('failed', (job, error) =>
      this.opts.logger?.warn({ err: error, job: job?.id, attempts: job?.attemptsMade }, 'generation job failed'),
    );
    const entry = { worker, conn };
    this.workers.add(entry);
    return {
      id,
      close: async () => {
        await worker.close();
        await closeRedis(conn);
        this.workers.delete(entry);
      },
    };
  }

  async close(): Promise<void> {
    // bounded: with Redis down BullMQ's close would wait for a reconnect that never comes
    const bounded = (p: Promise<unknown>) =>
      Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, 3_000).unref())]);
    for (const { worker, conn } of this.workers) {
      await bounded(worker.close());
      await closeRedis(conn);
    }
    this.workers.clear();
    await bounded(this.queue.close());
    await closeRedis(this.client);
  }
}
