import http from 'node:http';

/**
 * A small closed-loop load generator of conversation turns over node:http with keep-alive:
 * `concurrency` virtual users, each sending one message (a request) and then waiting until BOTH
 * its HTTP answer came back AND the turn's reply reached the stand-in of the channel's API (a
 * `ReplyBoard` the stand-in reports to), before sending the next one, as a customer waits for the
 * answer before typing again. A turn whose reply does not arrive within `turnTimeoutMs` of its
 * sending (or whose request was refused or unanswered) is failed and the user goes on. Stops after `requests`
 * were sent or `maxMs` passed (whichever comes first); every wait has a deadline. Two latencies per
 * turn: the request until its HTTP answer (the webhook), and the request until the reply arrived
 * (the turn). Loopback only: the target is 127.0.0.1.
 */
export interface OutgoingRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Where this turn's reply shows up on the ReplyBoard: the customer's address, or the id of the activity it answers. */
  readonly replyKey: string;
  /** Names the turn in the results (the MessageSid, the activity id), for checks after the run. */
  readonly tag: string;
}

export interface LoadPlan {
  readonly port: number;
  readonly concurrency: number;
  readonly requests: number;
  readonly maxMs: number;
  /** The `step`-th request (0, 1, 2…) of virtual user `user`: each user's requests go in order. */
  readonly build: (user: number, step: number) => OutgoingRequest;
  /** Where the stand-in reports replies. */
  readonly replies: ReplyBoard;
  /** From sending the request: a reply later than this is a failed turn. */
  readonly turnTimeoutMs: number;
  /** The HTTP request is abandoned (status 0) without an answer by then; Twilio waits 15 s for a webhook. */
  readonly requestTimeoutMs: number;
}

export interface TurnRecord {
  readonly tag: string;
  /** HTTP status of the request; 0 for a network error or a request abandoned after `requestTimeoutMs`. */
  readonly status: number;
  readonly webhookMs: number;
  /** Until the first reply for the turn's key arrived after it was sent; undefined: none in time, or the request was refused. */
  readonly turnMs: number | undefined;
  /** What the stand-in knows that reply by (the outbox id in its StatusCallback…), when it says. */
  readonly replyRef: string | undefined;
}

export interface LoadResult {
  readonly sent: number;
  /** Status code → count; 0 for a network error. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly elapsedMs: number;
  /** Request until its HTTP answer, every request; sorted ascending, milliseconds. */
  readonly webhookMs: Float64Array;
  /** Request until the turn's reply arrived; a turn without one counts as Infinity. Sorted ascending, milliseconds. */
  readonly turnMs: Float64Array;
  /** Turns whose reply arrived in time. */
  readonly replied: number;
  /** Turns answered 2xx whose reply did not arrive within the deadline. */
  readonly timedOut: number;
  /** In the order they finished. */
  readonly turns: readonly TurnRecord[];
  readonly stoppedByTime: boolean;
}

export interface Reply {
  /** process.hrtime.bigint() when the stand-in recorded it. */
  readonly atNs: bigint;
  readonly ref: string | undefined;
}

/**
 * Replies as the stand-ins record them, matched to the turns waiting for them by key. A turn
 * starts watching its key before its request leaves (a reply may arrive before the HTTP answer)
 * and takes the first reply for that key from then on; replies nobody waits for (a turn's second
 * message, a reply after its turn's deadline) are only counted. One turn per key at a time.
 */
export class ReplyBoard {
  private readonly waiting = new Map<string, (reply: Reply) => void>();
  private stray = 0;
  private total = 0;

  /** Replies that arrived, in all. */
  get received(): number {
    return this.total;
  }

  /** Replies that arrived while no turn waited for their key. */
  get unclaimed(): number {
    return this.stray;
  }

  /** The stand-in's listener: call synchronously when the reply is recorded. */
  arrived(key: string, ref?: string): void {
    const reply: Reply = { atNs: process.hrtime.bigint(), ref };
    this.total++;
    const take = this.waiting.get(key);
    if (take === undefined) {
      this.stray++;
      return;
    }
    this.waiting.delete(key);
    take(reply);
  }

  /** Starts watching `key`: `wait` resolves with the first reply from now on, or undefined once `withinMs` passed. */
  watch(key: string): { wait(withinMs: number): Promise<Reply | undefined>; cancel(): void } {
    if (this.waiting.has(key)) throw new Error(`two turns wait for a reply to ${key} at once`);
    let got: Reply | undefined;
    let deliver: ((reply: Reply) => void) | undefined;
    const take = (reply: Reply): void => {
      got = reply;
      deliver?.(reply);
    };
    this.waiting.set(key, take);
    const cancel = (): void => {
      if (this.waiting.get(key) === take) this.waiting.delete(key);
    };
    return {
      cancel,
      wait: (withinMs) =>
        got !== undefined
          ? Promise.resolve(got)
          : new Promise((resolve) => {
              const timer = setTimeout(() => {
                cancel();
                resolve(got);
              }, Math.max(0, withinMs));
              deliver = (reply) => {
                clearTimeout(timer);
                resolve(reply);
              };
            }),
    };
  }
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency, maxFreeSockets: plan.concurrency });
  const webhook: number[] = [];
  const turn: number[] = [];
  const turns: TurnRecord[] = [];
  const statuses = new Map<number, number>();
  let issued = 0;
  let replied = 0;
  let timedOut = 0;
  let stoppedByTime = false;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(plan.maxMs) * 1_000_000n;
  const msSince = (t0: bigint, t1: bigint = process.hrtime.bigint()): number => Number(t1 - t0) / 1e6;

  const user = async (u: number): Promise<void> => {
    for (let step = 0; ; step++) {
      if (issued >= plan.requests) return;
      if (process.hrtime.bigint() > deadline) {
        stoppedByTime = true;
        return;
      }
      issued++;
      const request = plan.build(u, step);
      const watch = plan.replies.watch(request.replyKey);
      const t0 = process.hrtime.bigint();
      const status = await send(agent, plan.port, request, plan.requestTimeoutMs);
      const webhookMs = msSince(t0);
      webhook.push(webhookMs);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      let reply: Reply | undefined;
      if (status >= 200 && status < 300) {
        reply = await watch.wait(plan.turnTimeoutMs - msSince(t0));
        if (reply === undefined) timedOut++;
      } else {
        // Refused (or lost): the channel would not run the turn; nothing to wait for.
        watch.cancel();
      }
      const turnMs = reply === undefined ? undefined : msSince(t0, reply.atNs);
      if (turnMs !== undefined) replied++;
      turn.push(turnMs ?? Number.POSITIVE_INFINITY);
      turns.push({ tag: request.tag, status, webhookMs, turnMs, replyRef: reply?.ref });
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, (_, u) => user(u)));
  const elapsedMs = msSince(started);
  agent.destroy();
  return { sent: turns.length, statuses, elapsedMs, webhookMs: sortedMs(webhook), turnMs: sortedMs(turn), replied, timedOut, turns, stoppedByTime };
}

function send(agent: http.Agent, port: number, r: OutgoingRequest, timeoutMs: number): Promise<number> {
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
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Sorted ascending, as a Float64Array (Infinity sorts last). */
export function sortedMs(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
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
