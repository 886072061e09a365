/**
 * Prints the entity extractor's scores on the annotated train and dev sets, and its errors:
 *   npx tsx src/nlu/entities/eval-report.ts [--errors] [train|dev]
 */
import { join, resolve } from 'node:path';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import { loadUtterances } from '../training-data';
import { aliasesFromAnnotations, benchmarkEntities, evaluateEntities, formatResult, formatTiming, type EvalError } from './evaluate';

const NLU_DIR = resolve(__dirname, '../../../locales/es-CR/nlu');

function describe(e: EvalError): string {
  const g = e.gold === undefined ? '' : ` gold ${e.gold.type} "${e.gold.text}"${e.gold.value === undefined ? '' : `=${e.gold.value}`}`;
  const p =
    e.predicted === undefined
      ? ''
      : ` got ${e.predicted.type} "${e.predicted.text}"=${String(e.predicted.value)}${e.predicted.ref === undefined ? '' : ` (${e.predicted.ref})`}`;
  return `  ${e.kind.padEnd(11)} [${e.intent}] ${e.text} |${g}${p}`;
}

function main(argv: readonly string[]): void {
  const showErrors = argv.includes('--errors');
  const sets = argv.filter((a) => a === 'train' || a === 'dev');
  const train = loadUtterances(join(NLU_DIR, 'train'));
  const dev = loadUtterances(join(NLU_DIR, 'dev'));
  const aliases = aliasesFromAnnotations([...train, ...dev]);
  const context = { aliases, now: new Date('2026-11-27T15:00:00Z'), timeZone: 'America/Costa_Rica' };
  for (const [name, data] of [['train', train], ['dev', dev]] as const) {
    if (sets.length > 0 && !sets.includes(name)) continue;
    const r = evaluateEntities(data, DEMO_CATALOG, context);
    process.stdout.write(`${formatResult(name, r)}\n`);
    if (showErrors) process.stdout.write(`${r.errors.map(describe).join('\n')}\n`);
    process.stdout.write('\n');
  }
  const t = benchmarkEntities([...train, ...dev], DEMO_CATALOG, context);
  process.stdout.write(`timing (warm, train+dev x5): ${formatTiming(t)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
