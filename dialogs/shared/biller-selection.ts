import type { ReferenceRule, ServiceTypeCode } from '../../src/domain/catalog.types';
import { maskTail } from '../../src/domain/mask';
import { validateReference } from '../../src/domain/reference';
import type { MessageKey } from '../../src/i18n/messages';
import type { Recognition } from '../../src/ports/recognizer.port';
import { resolveChoice } from './choices';
import type { Choice, DialogEvent } from './dialog.types';
import type { CatalogAgreementOption, CatalogView, InquiryOutcome } from './effects';
import type { SayParams } from './invalid-input';
import { entityOf } from './slots';

/**
 * Choosing a payee from the catalog, as add_biller and quick_pay both do: service type → company →
 * convenio → identifier. Pure: the machines keep the slots in their context and call these.
 *
 * A slot is filled from a button or list pick, from the NLU's service_type/company entities, or on
 * its own when only one option fits ("AyA" has one convenio: nothing to ask).
 */

export interface BillerSelection {
  readonly serviceType: ServiceTypeCode | null;
  readonly companyCode: string | null;
  readonly agreementCode: string | null;
}

export const EMPTY_SELECTION: BillerSelection = { serviceType: null, companyCode: null, agreementCode: null };

/** The slots add_biller and quick_pay share in their context. */
export interface BillerTargetSlots {
  readonly catalog: CatalogView | null;
  readonly selection: BillerSelection;
  /** An identifier the customer wrote before it was asked for (first message, a correction). */
  readonly identifierDraft: string | null;
  /** Validated locally and accepted by the biller network. */
  readonly identifier: string | null;
  readonly holderName: string | null;
}

/** The payee slots when a flow starts: an identifier in the first message is kept as a draft. */
export function initialTargetSlots(r: Recognition): BillerTargetSlots {
  return { catalog: null, selection: EMPTY_SELECTION, identifierDraft: entityOf(r, 'reference')?.value ?? null, identifier: null, holderName: null };
}

/** The payee a one-time code is bound to: the convenio and the identifier. */
export function payeeOf(c: BillerTargetSlots): string {
  return `${c.selection.agreementCode ?? ''}:${c.identifier ?? ''}`;
}

/** How a confirmation names the payee: company, convenio and the identifier masked to its last 4. */
export function payeeParams(c: BillerTargetSlots): { readonly company: string; readonly agreement: string; readonly identifier: string } {
  const agreement = agreementOf(c.catalog, c.selection);
  return { company: agreement?.companyName ?? '', agreement: agreement?.name ?? '', identifier: maskTail(c.identifier ?? '') };
}

export type SelectionStep = 'serviceType' | 'company' | 'agreement';

const NO_CATALOG: CatalogView = { serviceTypes: [], companies: [], agreements: [] };

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The convenios that still fit what is known. */
function candidates(catalog: CatalogView, s: BillerSelection): CatalogAgreementOption[] {
  return catalog.agreements.filter(
    (a) =>
      (s.serviceType === null || a.serviceType === s.serviceType) &&
      (s.companyCode === null || a.companyCode === s.companyCode) &&
      (s.agreementCode === null || a.code === s.agreementCode),
  );
}

/** Fills every slot that has a single possible value ("AyA" → agua, AYA-AGUA). */
export function settleSelection(catalog: CatalogView, s: BillerSelection): BillerSelection {
  let current = s;
  for (let pass = 0; pass < 3; pass++) {
    const fit = candidates(catalog, current);
    if (fit.length === 0) return current;
    const types = unique(fit.map((a) => a.serviceType));
    const companies = unique(fit.map((a) => a.companyCode));
    const next: BillerSelection = {
      serviceType: current.serviceType ?? (types.length === 1 ? (types[0] ?? null) : null),
      companyCode: current.companyCode ?? (companies.length === 1 ? (companies[0] ?? null) : null),
      agreementCode: current.agreementCode ?? (fit.length === 1 ? (fit[0]?.code ?? null) : null),
    };
    if (sameSelection(next, current)) return current;
    current = next;
  }
  return current;
}

export function sameSelection(a: BillerSelection, b: BillerSelection): boolean {
  return a.serviceType === b.serviceType && a.companyCode === b.companyCode && a.agreementCode === b.agreementCode;
}

/**
 * What a message's entities say about the payee, on top of what was known. A new service type
 * starts the choice over ("no, mejor el agua"); a new company keeps the service type when it offers
 * it, and replaces it otherwise ("mejor AyA" after "la luz" means water).
 */
function withEntities(catalog: CatalogView, s: BillerSelection, r: Recognition): BillerSelection {
  const said = entityOf(r, 'service_type')?.value;
  const serviceType = catalog.agreements.find((a) => a.serviceType === said)?.serviceType ?? null;
  const companyCode = catalog.agreements.find((a) => a.companyCode === entityOf(r, 'company')?.value)?.companyCode ?? null;
  let next = s;
  if (serviceType !== null && serviceType !== next.serviceType) next = { serviceType, companyCode: null, agreementCode: null };
  if (companyCode !== null && companyCode !== next.companyCode) next = { ...next, companyCode, agreementCode: null };
  if (candidates(catalog, next).length > 0) return next;
  // The two disagree ("el agua del ICE"): keep what this message said first in the order we ask.
  return companyCode !== null && serviceType === null
    ? { serviceType: null, companyCode, agreementCode: null }
    : { serviceType: next.serviceType, companyCode: null, agreementCode: null };
}

/** The slots the flow's first message already answers. */
export function selectionFromRecognition(catalog: CatalogView, r: Recognition): BillerSelection {
  return settleSelection(catalog, withEntities(catalog, EMPTY_SELECTION, r));
}

/** The next question to ask, or null when the convenio is known. */
export function nextSelectionStep(s: BillerSelection): SelectionStep | null {
  if (s.agreementCode !== null) return null;
  if (s.serviceType === null) return 'serviceType';
  if (s.companyCode === null) return 'company';
  return 'agreement';
}

export function selectionChoices(catalog: CatalogView, s: BillerSelection, step: SelectionStep): Choice[] {
  switch (step) {
    case 'serviceType': {
      const offered = new Set(candidates(catalog, { ...s, serviceType: null, agreementCode: null }).map((a) => a.serviceType));
      return catalog.serviceTypes.filter((t) => offered.has(t.code)).map((t) => ({ id: t.code, label: t.name }));
    }
    case 'company': {
      const offered = new Set(candidates(catalog, { ...s, companyCode: null, agreementCode: null }).map((a) => a.companyCode));
      return catalog.companies.filter((c) => offered.has(c.code)).map((c) => ({ id: c.code, label: c.name }));
    }
    case 'agreement':
      return candidates(catalog, { ...s, agreementCode: null }).map((a) => ({ id: a.code, label: a.name }));
  }
}

/** The question for a selection step, with its options. */
export function askSelection(catalog: CatalogView | null, s: BillerSelection, step: SelectionStep): SayParams {
  const c = catalog ?? NO_CATALOG;
  const choices = selectionChoices(c, s, step);
  switch (step) {
    case 'serviceType':
      return { key: 'addBiller.askServiceType', choices };
    case 'company':
      return { key: 'addBiller.askCompany', params: { service: serviceTypeName(c, s.serviceType) }, choices };
    case 'agreement':
      return { key: 'addBiller.askAgreement', params: { company: companyName(c, s.companyCode) }, choices };
  }
}

export const SELECTION_HINTS: Readonly<Record<SelectionStep, MessageKey>> = {
  serviceType: 'addBiller.hintServiceType',
  company: 'addBiller.hintCompany',
  agreement: 'addBiller.hintAgreement',
};

/**
 * The selection after the customer answered `step`: the option picked, or what the entities say
 * (which may also correct an earlier slot). Null when the answer changes nothing.
 */
export function answerSelection(catalog: CatalogView | null, s: BillerSelection, step: SelectionStep, event: DialogEvent): BillerSelection | null {
  if (event.type !== 'user.message' || catalog === null) return null;
  const picked = resolveChoice(event, selectionChoices(catalog, s, step));
  let next: BillerSelection;
  if (picked === null) next = withEntities(catalog, s, event.recognition);
  else if (step === 'serviceType') next = { serviceType: picked as ServiceTypeCode, companyCode: s.companyCode, agreementCode: null };
  else if (step === 'company') next = { ...s, companyCode: picked, agreementCode: null };
  else next = { ...s, agreementCode: picked };
  next = settleSelection(catalog, next);
  return sameSelection(next, s) ? null : next;
}

/**
 * A correction after the convenio was chosen ("no, mejor el agua", "era de AyA"): the new
 * selection, or null when the message names no other service type or company.
 */
export function correctedSelection(catalog: CatalogView | null, s: BillerSelection, event: DialogEvent): BillerSelection | null {
  if (event.type !== 'user.message' || catalog === null) return null;
  const r = event.recognition;
  if (entityOf(r, 'service_type') === undefined && entityOf(r, 'company') === undefined) return null;
  const next = settleSelection(catalog, withEntities(catalog, s, r));
  return sameSelection(next, s) ? null : next;
}

/** A correction's slots: the new selection, and everything chosen after it forgotten. */
export function applyCorrection<C extends BillerTargetSlots>(c: C, event: DialogEvent): Pick<BillerTargetSlots, 'selection' | 'identifierDraft' | 'identifier' | 'holderName'> {
  return {
    selection: correctedSelection(c.catalog, c.selection, event) ?? c.selection,
    identifierDraft: event.type === 'user.message' ? (entityOf(event.recognition, 'reference')?.value ?? null) : null,
    identifier: null,
    holderName: null,
  };
}

export function agreementOf(catalog: CatalogView | null, s: BillerSelection): CatalogAgreementOption | null {
  return catalog?.agreements.find((a) => a.code === s.agreementCode) ?? null;
}

export function serviceTypeName(catalog: CatalogView, code: ServiceTypeCode | null): string {
  return catalog.serviceTypes.find((t) => t.code === code)?.name ?? '';
}

export function companyName(catalog: CatalogView, code: string | null): string {
  return catalog.companies.find((c) => c.code === code)?.name ?? '';
}

// ── Identifier ───────────────────────────────────────────────────────────────────────────────

/** Whether the convenio's identifiers may contain letters (plates) or only digits (NIS, phones). */
function allowsLetters(rule: ReferenceRule): boolean {
  return /A-Z|a-z|\\w|\\p\{L/.test(rule.pattern);
}

function unitKey(rule: ReferenceRule): MessageKey {
  return allowsLetters(rule) ? 'addBiller.unitChars' : 'addBiller.unitDigits';
}

/**
 * The identifier in an answer: the NLU's reference entity when there is one; otherwise the
 * words with digits in them ("NIS 300-41" → "300-41"), so a short or mistyped number still gets a
 * precise message; a lone word only where the convenio allows letters. Null when there is none.
 */
export function identifierCandidate(r: Recognition, text: string, rule: ReferenceRule): string | null {
  const entity = entityOf(r, 'reference');
  if (entity !== undefined) return entity.value;
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w !== '');
  const first = words.findIndex((w) => /\d/.test(w));
  if (first >= 0) {
    const run: string[] = [];
    for (const w of words.slice(first)) {
      if (!/\d/.test(w)) break;
      run.push(w);
    }
    return run.join('');
  }
  return allowsLetters(rule) && words.length === 1 ? (words[0] ?? null) : null;
}

export type IdentifierCheck = { readonly ok: true; readonly identifier: string } | { readonly ok: false; readonly problem: SayParams };

/** The identifier checked against the convenio's rule, or the message that says what is wrong. */
export function checkIdentifier(agreement: CatalogAgreementOption, raw: string | null): IdentifierCheck {
  const label = agreement.identifierLabel;
  if (raw === null) return { ok: false, problem: { key: 'addBiller.hintIdentifier', params: { label } } };
  const valid = validateReference(raw, agreement.reference);
  if (valid.ok) return { ok: true, identifier: valid.value };
  const rule = agreement.reference;
  switch (valid.error.code) {
    case 'REFERENCE.TOO_SHORT':
      return { ok: false, problem: { key: 'addBiller.identifierTooShort', params: { label, min: rule.minLength, unit: unitKey(rule) } } };
    case 'REFERENCE.TOO_LONG':
      return { ok: false, problem: { key: 'addBiller.identifierTooLong', params: { label, max: rule.maxLength, unit: unitKey(rule) } } };
    case 'REFERENCE.BAD_FORMAT':
      return { ok: false, problem: { key: 'addBiller.identifierBadFormat', params: { label } } };
    case 'REFERENCE.BAD_CHECK_DIGIT':
      return { ok: false, problem: { key: 'addBiller.identifierBadCheckDigit', params: { label } } };
    case 'REFERENCE.EMPTY':
      return { ok: false, problem: { key: 'addBiller.hintIdentifier', params: { label } } };
  }
}

/** The identifier a message gives for the chosen convenio (checked), or null without a convenio. */
export function identifierFromEvent(c: BillerTargetSlots, event: DialogEvent): IdentifierCheck | null {
  const agreement = agreementOf(c.catalog, c.selection);
  if (event.type !== 'user.message' || agreement === null) return null;
  return checkIdentifier(agreement, identifierCandidate(event.recognition, event.text, agreement.reference));
}

/** The identifier the customer wrote before it was asked, checked now that the convenio is known. */
export function identifierFromDraft(c: BillerTargetSlots): IdentifierCheck | null {
  const agreement = agreementOf(c.catalog, c.selection);
  if (agreement === null || c.identifierDraft === null) return null;
  return checkIdentifier(agreement, c.identifierDraft);
}

/** The valid identifier in a message, or null. */
export function validIdentifierIn(c: BillerTargetSlots, event: DialogEvent): string | null {
  const check = identifierFromEvent(c, event);
  return check?.ok === true ? check.identifier : null;
}

/** The valid identifier written before it was asked, or null. */
export function validDraft(c: BillerTargetSlots): string | null {
  const check = identifierFromDraft(c);
  return check?.ok === true ? check.identifier : null;
}

/** A message that names a new identifier ("no, es el 3004125872") while something else is asked. */
export function mentionsIdentifier(event: DialogEvent): boolean {
  return event.type === 'user.message' && entityOf(event.recognition, 'reference') !== undefined;
}

export function askIdentifier(c: BillerTargetSlots): SayParams {
  const agreement = agreementOf(c.catalog, c.selection);
  return { key: 'addBiller.askIdentifier', params: { label: agreement?.identifierLabel ?? '', agreement: agreement?.name ?? '' } };
}

/** What an identifier answer gets when it cannot be used: the precise problem, or the hint. */
export function identifierProblem({ context, event }: { context: BillerTargetSlots; event: DialogEvent }): SayParams {
  const check = identifierFromEvent(context, event);
  return check !== null && !check.ok ? check.problem : { key: 'addBiller.hintIdentifier', params: { label: agreementOf(context.catalog, context.selection)?.identifierLabel ?? '' } };
}

// ── Biller network inquiry ───────────────────────────────────────────────────────────────────

export type InquiryFailure = 'notFound' | 'unavailable';

/** REFERENCE_NOT_FOUND is the customer's to fix (ask again); anything else ends the flow. */
export function inquiryFailure(outcome: InquiryOutcome): InquiryFailure | null {
  if (outcome.ok) return null;
  return outcome.code === 'BILLER.REFERENCE_NOT_FOUND' ? 'notFound' : 'unavailable';
}

export function inquirySay(c: BillerTargetSlots, failure: InquiryFailure): SayParams {
  const agreement = agreementOf(c.catalog, c.selection);
  const company = agreement?.companyName ?? '';
  return failure === 'notFound'
    ? { key: 'addBiller.referenceNotFound', params: { company, label: agreement?.identifierLabel ?? '' } }
    : { key: 'addBiller.unavailable', params: { company } };
}

export function confirmHolderSay(holderName: string): SayParams {
  return { key: 'addBiller.confirmHolder', params: { holder: holderName } };
}
