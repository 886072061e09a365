/** Markdown rendering of an evaluation (the lead pastes it into the README). Pure. */
import { decimal, percent } from './format';
import type { EvalReport, MistakeLine } from './run-eval';

/** Issue #3's "done when" targets. */
export const TARGETS = {
  intentAccuracy: 0.95,
  entityF1: 0.95,
  yesNoAccuracy: 0.995,
  fmtodMoneyMovingMax: 0.005,
} as const;

const mark = (ok: boolean): string => (ok ? '✅' : '❌');

export function renderReport(r: EvalReport): string {
  const lines: string[] = [];
  const amount = r.entities.find((e) => e.type === 'amount');
  const company = r.entities.find((e) => e.type === 'company');
  const fmtodShare = r.fmtod === null ? null : r.fmtod.total === 0 ? 0 : r.fmtod.moneyMoving / r.fmtod.total;

  lines.push('## NLU evaluation (`npm run nlu:eval`)', '');
  lines.push(
    `Dev set: ${r.devSize} utterances (locales/es-CR/nlu/dev, never trained on). Training: ${r.trainSize} lines of ours` +
      (r.sharedPresent ? ` + ${r.outOfScopeTrainSize} out-of-scope lines subsampled from ../shared fmtod train/dev.` : ' only (no borrowed out-of-scope lines: trained as in production, without ../shared).'),
    '',
  );
  lines.push('| target (issue #3) | measured | |', '|---|---|---|');
  lines.push(`| dev intent accuracy ≥ ${percent(TARGETS.intentAccuracy, 0)} | ${percent(r.intent.accuracy)} (macro F1 ${decimal(r.intent.macroF1)}) | ${mark(r.intent.accuracy >= TARGETS.intentAccuracy)} |`);
  for (const e of [amount, company]) {
    if (e === undefined) continue;
    lines.push(`| ${e.type} entity F1 ≥ ${decimal(TARGETS.entityF1, 2)} (exact span) | ${decimal(e.f1)} (with value: ${decimal(e.valueF1)}) | ${mark(e.f1 >= TARGETS.entityF1)} |`);
  }
  lines.push(`| sí/no variants ≥ ${percent(TARGETS.yesNoAccuracy)} | ${percent(r.yesNo.accuracy)} of ${r.yesNo.total} | ${mark(r.yesNo.accuracy >= TARGETS.yesNoAccuracy)} |`);
  lines.push(
    fmtodShare === null
      ? '| FMTOD-es test as money-moving ≤ 0.5 % | not measured (../shared/data/fmtod_es/test.tsv missing) | |'
      : `| FMTOD-es test as money-moving ≤ ${percent(TARGETS.fmtodMoneyMovingMax)} | ${percent(fmtodShare, 2)} (${r.fmtod?.moneyMoving ?? 0} of ${r.fmtod?.total ?? 0}) | ${mark(fmtodShare <= TARGETS.fmtodMoneyMovingMax)} |`,
  );
  lines.push('');

  lines.push('### Intent classifiers side by side', '');
  lines.push('| classifier | dev accuracy | dev macro F1 | sí/no variants | FMTOD-es money-moving | training |', '|---|---|---|---|---|---|');
  for (const c of r.classifiers) {
    lines.push(
      `| ${c.name} | ${percent(c.devAccuracy)} | ${decimal(c.devMacroF1)} | ${percent(c.yesNoAccuracy)} | ${c.fmtodMoneyMoving === null ? '—' : percent(c.fmtodMoneyMoving, 2)} | ${decimal(c.trainMs, 0)} ms |`,
    );
  }
  lines.push('');
  if (r.seedSpread !== null) {
    const s = r.seedSpread;
    lines.push(
      `Luck of the draw: retrained with ${s.seeds} other seeds (shuffle and augmentation), the default's dev accuracy is ${percent(s.min)}–${percent(s.max)} (mean ${percent(s.mean)}); one dev line is ${percent(1 / Math.max(1, r.devSize))}.`,
      '',
    );
  }
  lines.push(`Confidence threshold: ${decimal(r.threshold, 2)} (chosen by cross-validation on train: \`npm run nlu:train\`).`, '');

  lines.push('### Per intent (dev)', '');
  lines.push('| intent | precision | recall | F1 | support |', '|---|---|---|---|---|');
  for (const m of r.intent.perIntent) {
    lines.push(`| ${m.label} | ${decimal(m.precision, 2)} | ${decimal(m.recall, 2)} | ${decimal(m.f1, 2)} | ${m.support} |`);
  }
  lines.push('');

  lines.push('### Top confusions (gold → predicted)', '');
  if (r.intent.confusions.length === 0) lines.push('none');
  else {
    lines.push('| gold | predicted | count |', '|---|---|---|');
    for (const c of r.intent.confusions) lines.push(`| ${c.gold} | ${c.predicted} | ${c.count} |`);
  }
  lines.push('');

  lines.push('### Entities (dev, exact span and type; value where the dev line gives one)', '');
  lines.push('| type | precision | recall | F1 | F1 with value | values agreeing | gold | predicted |', '|---|---|---|---|---|---|---|---|');
  for (const e of r.entities) {
    const agree = e.valueAgreement.checked === 0 ? '—' : `${e.valueAgreement.same}/${e.valueAgreement.checked}`;
    lines.push(`| ${e.type} | ${decimal(e.precision, 2)} | ${decimal(e.recall, 2)} | ${decimal(e.f1, 2)} | ${decimal(e.valueF1, 2)} | ${agree} | ${e.support} | ${e.predicted} |`);
  }
  lines.push('');

  lines.push(`### Sí/no variants: ${r.yesNo.total - r.yesNo.failures.length}/${r.yesNo.total} right`, '');
  if (r.yesNo.failures.length > 0) lines.push(...mistakeList(r.yesNo.failures, 20), '');

  if (r.fmtod !== null) {
    lines.push(`### FMTOD-es test read as money-moving: ${r.fmtod.moneyMoving}/${r.fmtod.total}`, '');
    if (r.fmtod.flagged.length > 0) lines.push(...mistakeList(r.fmtod.flagged, 20), '');
  }

  lines.push(`### Dev mistakes (${r.intent.mistakes.length})`, '');
  if (r.intent.mistakes.length > 0) lines.push(...mistakeList(r.intent.mistakes, 60), '');
  return lines.join('\n');
}

function mistakeList(items: readonly MistakeLine[], max: number): string[] {
  const out = items.slice(0, max).map((m) => `- ${m.gold} → **${m.predicted}** (${decimal(m.score, 2)}): ${escape(m.text)}`);
  if (items.length > max) out.push(`- … and ${items.length - max} more`);
  return out;
}

/** Keeps customer text from being read as markdown. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/gu, (c) => `\\${c}`);
}
