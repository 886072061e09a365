import { costaRicaIban, isValidIban } from './iban';

describe('costaRicaIban', () => {
  it('when built from an account number then it is a valid 22-character Costa Rican IBAN', () => {
    const iban = costaRicaIban('00012001002341');
    expect(iban).toMatch(/^CR\d{20}$/);
    expect(isValidIban(iban)).toBe(true);
  });
  it('when a published example is checked then it validates', () => {
    // Example IBAN from the ISO 13616 registry for Costa Rica.
    expect(isValidIban('CR05015202001026284066')).toBe(true);
  });
  it('when a digit changes then the check fails', () => {
    expect(isValidIban('CR05015202001026284067')).toBe(false);
  });
});
