/**
 * `npm run nlu:eval`: the local recognizer measured on the dev set, sí/no variants and FMTOD-es
 * test (out-of-scope), plus the classifier comparison; prints a markdown report. Exits non-zero
 * only when it cannot run (a missed target is a number in the report, not a crash).
 *
 *   npm run nlu:eval
 *   npm run nlu:eval -- --no-nlpjs      # skip the NLP.js comparison (faster)
 *   npm run nlu:eval -- --no-shared     # trained as in production: without ../shared
 *   npm run nlu:eval -- --seeds 0       # skip retraining with other seeds
 */
import { parseArgs } from 'node:util';

import { runEvaluation } from '../nlu/eval/run-eval';
import { renderReport } from '../nlu/eval/report';
import { DEFAULT_TRAINING_SOURCES } from '../nlu/intent/training-input';
import { DEMO_CATALOG } from '../seed/catalog.data';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'no-nlpjs': { type: 'boolean', default: false },
      'no-shared': { type: 'boolean', default: false },
      seeds: { type: 'string', default: '5' },
    },
  });
  const report = await runEvaluation({
    catalog: DEMO_CATALOG,
    sources: values['no-shared'] ? { ...DEFAULT_TRAINING_SOURCES, sharedDir: null } : DEFAULT_TRAINING_SOURCES,
    compareNlpJs: !values['no-nlpjs'],
    seeds: Math.max(0, Number.parseInt(values.seeds, 10) || 0),
  });
  process.stdout.write(`${renderReport(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
