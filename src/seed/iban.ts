/** Improbank+'s bank code in the Costa Rican IBAN (fictional, for the sandbox). */
export const SANDBOX_BANK_CODE = '147';

/** ISO 13616 check digits: the country and "00" moved to the end, letters as numbers, 98 − (n mod 97). */
export function costaRicaIban(accountNumber: string, bankCode = SANDBOX_BANK_CODE): string {
  if (!/^\d{14}$/.test(accountNumber) || !/^\d{3}$/.test(bankCode)) throw new Error('account number must be 14 digits and bank code 3');
  const bban = `0${bankCode}${accountNumber}`;
  const numeric = `${bban}${letterValue('C')}${letterValue('R')}00`;
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  return `CR${String(98 - remainder).padStart(2, '0')}${bban}`;
}

export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(letterValue(ch)) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

function letterValue(ch: string): number {
  return ch.charCodeAt(0) - 55;
}
