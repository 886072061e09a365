import type { RecognizedEntity } from '../../src/ports/recognizer.port';
import { recognition } from '../../tests/support/dialog-harness';
import {
  answerSelection,
  checkIdentifier,
  correctedSelection,
  EMPTY_SELECTION,
  identifierCandidate,
  nextSelectionStep,
  selectionChoices,
  selectionFromRecognition,
} from './biller-selection';
import { catalogView } from './catalog-view.fixture';
import type { CatalogAgreementOption } from './effects';

type TextEntity = Exclude<RecognizedEntity['type'], 'amount' | 'day_of_month'>;
const entity = (type: TextEntity, value: string): RecognizedEntity => ({ type, value, text: value, start: 0, end: value.length });
const said = (text: string, entities: RecognizedEntity[] = [], choice?: string) => ({
  type: 'user.message' as const,
  messageId: 'm1',
  text,
  recognition: recognition('none', entities, text),
  ...(choice !== undefined && { choice }),
});
const agreement = (code: string): CatalogAgreementOption => {
  const found = catalogView.agreements.find((a) => a.code === code);
  if (!found) throw new Error(`no agreement ${code} in the demo catalog`);
  return found;
};

describe('selectionFromRecognition', () => {
  it.each([
    ['a company with one convenio fills every slot', [entity('company', 'AyA')], { serviceType: 'agua', companyCode: 'AyA', agreementCode: 'AYA-AGUA' }],
    ['a service type and a company with one convenio for it fill every slot', [entity('service_type', 'electricidad'), entity('company', 'ICE')], { serviceType: 'electricidad', companyCode: 'ICE', agreementCode: 'ICE-ELEC' }],
    ['a company with several services fills only the company', [entity('company', 'ICE')], { serviceType: null, companyCode: 'ICE', agreementCode: null }],
    ['a service type with several companies fills only the service type', [entity('service_type', 'agua')], { serviceType: 'agua', companyCode: null, agreementCode: null }],
    ['a service type and a company that disagree keep the service type', [entity('service_type', 'agua'), entity('company', 'ICE')], { serviceType: 'agua', companyCode: null, agreementCode: null }],
    ['an unknown company is ignored', [entity('company', 'ACME')], EMPTY_SELECTION],
  ])('when %s', (_, entities, expected) => {
    expect(selectionFromRecognition(catalogView, recognition('add_biller', entities))).toEqual(expected);
  });
});

describe('answerSelection and correctedSelection', () => {
  it('when the service type is picked by number then the companies offering it are next', () => {
    const next = answerSelection(catalogView, EMPTY_SELECTION, 'serviceType', said('2'));
    expect(next).toEqual({ serviceType: 'agua', companyCode: null, agreementCode: null });
    expect(next && nextSelectionStep(next)).toBe('company');
    expect(next && selectionChoices(catalogView, next, 'company').map((c) => c.id)).toEqual(['AyA', 'ESPH']);
  });

  it('when the answer repeats what is known then nothing changes', () => {
    const s = { serviceType: 'agua' as const, companyCode: null, agreementCode: null };
    expect(answerSelection(catalogView, s, 'company', said('el agua', [entity('service_type', 'agua')]))).toBeNull();
  });

  it('when a correction names the same service then it is no correction', () => {
    const s = { serviceType: 'electricidad' as const, companyCode: 'CNFL', agreementCode: 'CNFL-ELEC' };
    expect(correctedSelection(catalogView, s, said('sí, la luz', [entity('service_type', 'electricidad')]))).toBeNull();
    expect(correctedSelection(catalogView, s, said('mejor la de ICE', [entity('company', 'ICE')]))).toEqual({ serviceType: 'electricidad', companyCode: 'ICE', agreementCode: 'ICE-ELEC' });
  });
});

describe('identifierCandidate', () => {
  const nis = agreement('CNFL-ELEC').reference;
  const plate = agreement('INS-MARCHAMO').reference;
  it.each([
    ['the NLU reference wins', 'es el 3004125872', [entity('reference', '3004125872')], nis, '3004125872'],
    ['digits are taken from the words that have them', 'NIS 300-41', [], nis, '300-41'],
    ['consecutive digit groups are joined', 'es 3004 1258 72 gracias', [], nis, '3004125872'],
    ['words without digits are no NIS', 'no lo tengo', [], nis, null],
    ['a lone word may be a plate', 'BCDXYZ', [], plate, 'BCDXYZ'],
  ])('when %s', (_, text, entities, rule, expected) => {
    expect(identifierCandidate(recognition('none', entities, text), text, rule)).toBe(expected);
  });
});

describe('checkIdentifier', () => {
  it.each([
    ['3004125872', null],
    ['3004-125-872', null],
    ['30041', 'addBiller.identifierTooShort'],
    ['300412587211', 'addBiller.identifierTooLong'],
    ['30041258AB', 'addBiller.identifierBadFormat'],
    ['3004125874', 'addBiller.identifierBadCheckDigit'],
  ])('when the CNFL NIS is "%s" then the problem is %s', (raw, key) => {
    const check = checkIdentifier(agreement('CNFL-ELEC'), raw);
    expect(check.ok ? null : check.problem.key).toBe(key);
  });

  it('when the identifier is valid then it comes back normalised', () => {
    expect(checkIdentifier(agreement('INS-MARCHAMO'), 'bcd-123')).toEqual({ ok: true, identifier: 'BCD123' });
  });
});
