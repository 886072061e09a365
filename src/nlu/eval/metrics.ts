/**
 * Pure metric functions for `npm run nlu:eval`: intent accuracy, per-class precision / recall / F1,
 * confusion pairs, entity scores by exact span and type (and value where the gold gives one).
 */

export interface LabelPair<L extends string = string> {
  readonly gold: L;
  readonly predicted: L;
}

export interface ClassMetrics<L extends string = string> {
  readonly label: L;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold examples of this label. */
  readonly support: number;
}

/** Precision and recall are 0 when undefined (nothing predicted / nothing to find). */
export function prf(truePositives: number, falsePositives: number, falseNegatives: number): { precision: number; recall: number; f1: number } {
  const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function accuracy(pairs: readonly LabelPair[]): number {
  if (pairs.length === 0) return 0;
  return pairs.filter((p) => p.gold === p.predicted).length / pairs.length;
}

export function perClassMetrics<L extends string>(pairs: readonly LabelPair<L>[], labels: readonly L[]): ClassMetrics<L>[] {
  return labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      if (p.predicted === label && p.gold === label) tp++;
      else if (p.predicted === label) fp++;
      else if (p.gold === label) fn++;
    }
    return { label, ...prf(tp, fp, fn), support: tp + fn };
  });
}

/** Unweighted mean F1 over labels that occur in the gold data. */
export function macroF1(metrics: readonly ClassMetrics[]): number {
  const present = metrics.filter((m) => m.support > 0);
  return present.length === 0 ? 0 : present.reduce((sum, m) => sum + m.f1, 0) / present.length;
}

export interface ConfusionPair<L extends string = string> {
  readonly gold: L;
  readonly predicted: L;
  readonly count: number;
}

/** The most frequent mistakes, most frequent first (ties by name, for a stable report). */
export function confusionPairs<L extends string>(pairs: readonly LabelPair<L>[], top: number): ConfusionPair<L>[] {
  const counts = new Map<string, ConfusionPair<L>>();
  for (const p of pairs) {
    if (p.gold === p.predicted) continue;
    const key = `${p.gold}\u0000${p.predicted}`;
    const seen = counts.get(key);
    counts.set(key, { gold: p.gold, predicted: p.predicted, count: (seen?.count ?? 0) + 1 });
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted))
    .slice(0, top);
}

/** An entity reduced to what scoring compares. `value` is a canonical string (see `entityValueKey`). */
export interface ScoredEntity {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly value?: string;
}

export interface EntityTypeMetrics {
  readonly type: string;
  /** Exact span and type. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
  readonly predicted: number;
  /** Exact span, type and (where the gold gives one) value. */
  readonly valueF1: number;
  /** Of the span matches whose gold has a value, how many have the same value. */
  readonly valueAgreement: { readonly same: number; readonly checked: number };
}

/**
 * Per-type scores over a corpus: `gold[i]` and `predicted[i]` are the entities of message i.
 * A predicted entity matches a gold one with the same type, start and end (each used once).
 */
export function entityMetrics(
  gold: readonly (readonly ScoredEntity[])[],
  predicted: readonly (readonly ScoredEntity[])[],
  types: readonly string[],
): EntityTypeMetrics[] {
  return types.map((type) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let valueTp = 0;
    let same = 0;
    let checked = 0;
    let support = 0;
    let predictedCount = 0;
    gold.forEach((goldEntities, i) => {
      const g = goldEntities.filter((e) => e.type === type);
      const p = (predicted[i] ?? []).filter((e) => e.type === type);
      support += g.length;
      predictedCount += p.length;
      const used = new Set<number>();
      for (const ge of g) {
        const j = p.findIndex((pe, k) => !used.has(k) && pe.start === ge.start && pe.end === ge.end);
        if (j < 0) continue;
        used.add(j);
        tp++;
        const pe = p[j];
        if (ge.value === undefined) {
          valueTp++;
        } else {
          checked++;
          if (pe?.value === ge.value) {
            same++;
            valueTp++;
          }
        }
      }
      fp += p.length - used.size;
      fn += g.length - used.size;
    });
    const spans = prf(tp, fp, fn);
    const values = prf(valueTp, predictedCount - valueTp, support - valueTp);
    return { type, ...spans, support, predicted: predictedCount, valueF1: values.f1, valueAgreement: { same, checked } };
  });
}

/** Share of items for which `test` holds (0 for an empty list). */
export function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}

/** Value at quantile q (0..1) of already sorted numbers, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
