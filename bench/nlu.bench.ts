/**
 * `npm run bench:nlu`: start-up time, throughput and latency of LocalRecognizer.recognize on one
 * core, over the dev set repeated (after a warm-up). Targets (issue #3): p99 ≤ 5 ms, ≥ 1 000/s.
 * A script, not a test: timings depend on the machine and must never fail a build.
 *
 *   npm run bench:nlu
 *   npm run bench:nlu -- --rounds 50
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { NLU_DIR } from '../src/nlu/intent/training-input';
import { LocalRecognizer } from '../src/nlu/local.recognizer';
import { loadUtterances } from '../src/nlu/training-data';
import type { RecognitionContext } from '../src/ports/recognizer.port';
import { DEMO_CATALOG } from '../src/seed/catalog.data';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const rounds = Math.max(1, Number.parseInt(values.rounds, 10) || 30);

const ms = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3, minimumFractionDigits: 3 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const texts = loadUtterances(join(NLU_DIR, 'dev')).map((u) => u.text);
const context: RecognitionContext = {
  aliases: [
    { id: 'a1', alias: 'Casa' },
    { id: 'a2', alias: 'Luz de mamá' },
    { id: 'a3', alias: 'Oficina' },
  ],
  now: new Date('2026-11-15T15:00:00Z'),
  timeZone: 'America/Costa_Rica',
};

const startupCpu = process.cpuUsage();
const startupStart = process.hrtime.bigint();
const recognizer = new LocalRecognizer(DEMO_CATALOG);
const startupMs = Number(process.hrtime.bigint() - startupStart) / 1e6;
const startupCpuUsed = process.cpuUsage(startupCpu);
const startupCpuMs = (startupCpuUsed.user + startupCpuUsed.system) / 1000;

async function main(): Promise<void> {
  for (let i = 0; i < 3; i++) for (const text of texts) await recognizer.recognize(text, context);

  const latencies = new Float64Array(texts.length * rounds);
  let n = 0;
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const text of texts) {
      const t0 = process.hrtime.bigint();
      await recognizer.recognize(text, context);
      latencies[n++] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const [load1 = 0] = loadavg();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const perSecond = (n / elapsedMs) * 1000;
  const p99 = at(0.99);

  console.log(`## NLU benchmark: LocalRecognizer.recognize (one core, Node ${process.version})\n`);
  console.log(`${whole.format(n)} recognitions: the ${texts.length} dev utterances × ${rounds} rounds, after 3 warm-up rounds.`);
  console.log(`Machine load (1 min) during the run: ${ms.format(load1)} on ${whole.format(availableParallelism())} cores (latency tails grow when other work competes).\n`);
  console.log('| metric | value | target |');
  console.log('|---|---|---|');
  console.log(`| start-up (load + train the classifier, first recognizer) | ${whole.format(startupMs)} ms wall, ${whole.format(startupCpuMs)} ms CPU | < 1 000 ms |`);
  console.log(`| throughput | ${whole.format(perSecond)} utterances/s | ≥ 1 000/s ${perSecond >= 1000 ? '✅' : '❌'} |`);
  console.log(`| p50 latency | ${ms.format(at(0.5))} ms | |`);
  console.log(`| p99 latency | ${ms.format(p99)} ms | ≤ 5 ms ${p99 <= 5 ? '✅' : '❌'} |`);
  console.log(`| max latency | ${ms.format(sorted[sorted.length - 1] ?? 0)} ms | |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
