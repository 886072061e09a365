import { goldValueKey, predictedValueKey, scoredGold } from './entity-values';

describe('entity value keys', () => {
  it.each([
    ['25000 CRC', '2500000 CRC'],
    ['12.50 USD', '1250 USD'],
    ['12.5 USD', '1250 USD'],
    ['40 USD', '4000 USD'],
  ])('when the gold amount is %j then its key is %j (minor units)', (value, key) => {
    expect(goldValueKey('amount', value)).toBe(key);
  });

  it('when a recognised amount is in minor units then its key equals the gold one', () => {
    expect(predictedValueKey({ type: 'amount', value: 2_500_000, currency: 'CRC', text: '25 rojos', start: 0, end: 8 })).toBe(goldValueKey('amount', '25000 CRC'));
  });

  it('when the entity is not an amount then the value is compared as written', () => {
    expect(goldValueKey('company', 'ICE')).toBe('ICE');
    expect(predictedValueKey({ type: 'day_of_month', value: 15, text: 'quince', start: 0, end: 6 })).toBe('15');
    expect(scoredGold({ type: 'alias', start: 1, end: 5, text: 'casa' })).toEqual({ type: 'alias', start: 1, end: 5 });
  });
});
