/**
 * Measures extractEntities against the annotated utterances (locales/es-CR/nlu/{train,dev}):
 * per-type precision, recall and F1, strict (type + exact span + the annotated value when there is
 * one) and by span only. Used by entity-eval.test.ts (the quality gate) and eval-report.ts.
 */
import type { Catalog } from '../../domain/catalog.types';
import { foldText } from '../../domain/text';
import { ENTITY_TYPES, type EntityType } from '../../domain/intents';
import type { RecognitionContext, RecognizedEntity } from '../../ports/recognizer.port';
import type { AnnotatedEntity, Utterance } from '../training-data';
import type { SavedAlias } from './aliases';
import { extractEntities } from './index';
import { DETERMINERS } from './prepared';

/** The reference instant of the evaluation: a Friday afternoon in Costa Rica. */
export const EVAL_NOW = new Date('2026-11-27T15:00:00Z');
export const EVAL_TIME_ZONE = 'America/Costa_Rica';

export interface Score {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface EvalError {
  readonly kind: 'missed' | 'spurious' | 'wrong value';
  readonly text: string;
  readonly intent: string;
  readonly gold?: AnnotatedEntity;
  readonly predicted?: RecognizedEntity;
}

export interface EvalResult {
  readonly utterances: number;
  readonly strict: Record<EntityType, Score>;
  readonly spanOnly: Record<EntityType, Score>;
  readonly errors: readonly EvalError[];
}

export interface Timing {
  /** Milliseconds per message. */
  readonly avgMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * A plausible saved-biller list for the customer of the evaluation: every alias annotated in the
 * data, without its article or possessive, capitalised as a customer would save it ("Casa",
 * "Mamá", "Casa de playa").
 */
export function aliasesFromAnnotations(utterances: readonly Utterance[]): SavedAlias[] {
  const seen = new Map<string, string>();
  for (const u of utterances) {
    for (const e of u.entities) {
      if (e.type !== 'alias') continue;
      const words = e.text.trim().split(/\s+/u);
      while (words.length > 1 && DETERMINERS.has(foldText(words[0] ?? ''))) words.shift();
      const name = words.join(' ');
      const key = foldText(name);
      if (!seen.has(key)) seen.set(key, name.charAt(0).toUpperCase() + name.slice(1));
    }
  }
  return [...seen.values()].map((alias, i) => ({ id: `biller-${i + 1}`, alias }));
}

/** "25000 CRC" / "12.50 USD" (major units) → minor units and currency, without floats. */
function goldMoney(value: string): { minor: number; currency: string } | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?\s+([A-Z]{3})$/.exec(value.trim());
  if (m === null) return null;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return { minor: Number(m[1]) * 100 + Number(cents), currency: m[3] ?? '' };
}

function sameValue(gold: AnnotatedEntity, predicted: RecognizedEntity): boolean {
  if (gold.value === undefined) return true;
  if (predicted.type === 'amount') {
    const money = goldMoney(gold.value);
    return money !== null && money.minor === predicted.value && money.currency === predicted.currency;
  }
  return String(predicted.value) === gold.value;
}

const score = (tp: number, fp: number, fn: number): Score => {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
};

export function evaluateEntities(
  utterances: readonly Utterance[],
  catalog: Catalog,
  context: Omit<RecognitionContext, 'aliases'> & { readonly aliases?: RecognitionContext['aliases'] } = {
    now: EVAL_NOW,
    timeZone: EVAL_TIME_ZONE,
  },
): EvalResult {
  const ctx: RecognitionContext = { aliases: context.aliases ?? aliasesFromAnnotations(utterances), now: context.now, timeZone: context.timeZone };
  const counts = (): Record<EntityType, { tp: number; fp: number; fn: number }> =>
    Object.fromEntries(ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<EntityType, { tp: number; fp: number; fn: number }>;
  const strict = counts();
  const span = counts();
  const errors: EvalError[] = [];

  for (const u of utterances) {
    const predicted = extractEntities(u.text, ctx, catalog);
    const unmatched = new Set(predicted);
    for (const g of u.entities) {
      const p = predicted.find((e) => e.type === g.type && e.start === g.start && e.end === g.end);
      if (p === undefined) {
        strict[g.type].fn++;
        span[g.type].fn++;
        errors.push({ kind: 'missed', text: u.text, intent: u.intent, gold: g });
        continue;
      }
      unmatched.delete(p);
      span[g.type].tp++;
      if (sameValue(g, p)) {
        strict[g.type].tp++;
      } else {
        strict[g.type].fp++;
        strict[g.type].fn++;
        errors.push({ kind: 'wrong value', text: u.text, intent: u.intent, gold: g, predicted: p });
      }
    }
    for (const p of unmatched) {
      strict[p.type].fp++;
      span[p.type].fp++;
      errors.push({ kind: 'spurious', text: u.text, intent: u.intent, predicted: p });
    }
  }

  const finish = (c: Record<EntityType, { tp: number; fp: number; fn: number }>): Record<EntityType, Score> =>
    Object.fromEntries(ENTITY_TYPES.map((t) => [t, score(c[t].tp, c[t].fp, c[t].fn)])) as Record<EntityType, Score>;
  return { utterances: utterances.length, strict: finish(strict), spanOnly: finish(span), errors };
}

/**
 * Time per message once warm (one untimed pass first: the first calls compile regular expressions
 * and the catalog index), over `rounds` passes of the utterances.
 */
export function benchmarkEntities(
  utterances: readonly Utterance[],
  catalog: Catalog,
  context: RecognitionContext,
  rounds = 5,
): Timing {
  for (const u of utterances) extractEntities(u.text, context, catalog);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const u of utterances) {
      const t0 = process.hrtime.bigint();
      extractEntities(u.text, context, catalog);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { avgMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length), p50Ms: at(0.5), p99Ms: at(0.99) };
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}`.padStart(5);
const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });

export function formatTiming(t: Timing): string {
  return `avg ${msFormat.format(t.avgMs)} ms, p50 ${msFormat.format(t.p50Ms)} ms, p99 ${msFormat.format(t.p99Ms)} ms`;
}

/** A plain-text table of the result, one line per entity type. */
export function formatResult(name: string, r: EvalResult): string {
  const lines = [`${name}: ${r.utterances} utterances`];
  lines.push('type           gold  pred |  P%    R%    F1%  | span F1%');
  for (const t of ENTITY_TYPES) {
    const s = r.strict[t];
    const o = r.spanOnly[t];
    lines.push(
      `${t.padEnd(13)} ${String(s.tp + s.fn).padStart(5)} ${String(s.tp + s.fp).padStart(5)} | ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)} | ${pct(o.f1)}`,
    );
  }
  return lines.join('\n');
}
