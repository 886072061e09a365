/**
 * `npm run --silent nlu:predict`: DESIGN.md's JSON-lines contract. Reads `{"text": …}` lines on
 * stdin and writes one line per input line, in order:
 *
 *   {"text", "intent", "score", "entities": [{"type", "value", "text"}]}   (amounts add "currency")
 *
 * A line that is not a JSON object with a string "text" gets `{"error": …, "line": n}` and the
 * stream goes on; blank lines are skipped. Nothing but those lines goes to stdout. Demo catalog,
 * no saved aliases, the real clock, the bank's time zone (America/Costa_Rica).
 */
import { createInterface } from 'node:readline';

import type { IntentName } from '../domain/intents';
import { LocalRecognizer } from '../nlu/local.recognizer';
import type { Recognition, RecognitionContext } from '../ports/recognizer.port';
import { DEMO_CATALOG } from '../seed/catalog.data';

type PredictEntity =
  | { readonly type: 'amount'; readonly value: number; readonly currency: string; readonly text: string }
  | { readonly type: string; readonly value: string | number; readonly text: string };

interface PredictLine {
  readonly text: string;
  readonly intent: IntentName;
  readonly score: number;
  readonly entities: readonly PredictEntity[];
}

/** Scores are rounded to 4 decimals: more digits are noise, and lines stay short. */
function toContractLine(r: Recognition): PredictLine {
  return {
    text: r.text,
    intent: r.intent,
    score: Math.round(r.score * 10_000) / 10_000,
    entities: r.entities.map((e) =>
      e.type === 'amount'
        ? { type: e.type, value: e.value, currency: e.currency, text: e.text }
        : { type: e.type, value: e.value, text: e.text },
    ),
  };
}

const BANK_TIME_ZONE = 'America/Costa_Rica';

function parseInput(line: string): { text: string } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'expected a JSON object' };
  const text = (value as { text?: unknown }).text;
  if (typeof text !== 'string') return { error: 'expected a string "text"' };
  return { text };
}

async function main(): Promise<void> {
  const recognizer = new LocalRecognizer(DEMO_CATALOG);
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    const input = parseInput(line);
    let out: PredictLine | { error: string; line: number };
    if ('error' in input) {
      out = { error: input.error, line: number };
    } else {
      const context: RecognitionContext = { aliases: [], now: new Date(), timeZone: BANK_TIME_ZONE };
      out = toContractLine(await recognizer.recognize(input.text, context));
    }
    if (!process.stdout.write(`${JSON.stringify(out)}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

// A reader that closes the pipe early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
