import http from 'node:http';

/**
 * A small closed-loop load generator over node:http with keep-alive: `concurrency` virtual users,
 * each sending its next request as soon as the previous one is answered, until `requests` were
 * sent or `maxMs` passed (whichever comes first). Loopback only: the target is 127.0.0.1.
 */
export interface OutgoingRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface LoadPlan {
  readonly port: number;
  readonly concurrency: number;
  readonly requests: number;
  readonly maxMs: number;
  /** The `step`-th request (0, 1, 2…) of virtual user `user`: each user's requests go in order. */
  readonly build: (user: number, step: number) => OutgoingRequest;
}

export interface LoadResult {
  readonly sent: number;
  /** Status code → count; 0 for a network error. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly elapsedMs: number;
  /** Sorted ascending, milliseconds. */
  readonly latenciesMs: Float64Array;
  readonly stoppedByTime: boolean;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency, maxFreeSockets: plan.concurrency });
  const latencies = new Float64Array(plan.requests);
  const statuses = new Map<number, number>();
  let issued = 0;
  let done = 0;
  let stoppedByTime = false;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(plan.maxMs) * 1_000_000n;

  const user = async (u: number): Promise<void> => {
    for (let step = 0; ; step++) {
      if (issued >= plan.requests) return;
      if (process.hrtime.bigint() > deadline) {
        stoppedByTime = true;
        return;
      }
      issued++;
      const request = plan.build(u, step);
      const t0 = process.hrtime.bigint();
      const status = await send(agent, plan.port, request);
      latencies[done++] = Number(process.hrtime.bigint() - t0) / 1e6;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, (_, u) => user(u)));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  agent.destroy();
  return { sent: done, statuses, elapsedMs, latenciesMs: latencies.slice(0, done).sort(), stoppedByTime };
}

function send(agent: http.Agent, port: number, r: OutgoingRequest): Promise<number> {
  return new Promise((resolve) => {
    const body = Buffer.from(r.body, 'utf8');
    const req = http.request(
      { agent, host: '127.0.0.1', port, method: 'POST', path: r.path, headers: { ...r.headers, 'content-length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function okCount(result: LoadResult): number {
  let n = 0;
  for (const [status, count] of result.statuses) if (status >= 200 && status < 300) n += count;
  return n;
}
