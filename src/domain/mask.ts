/**
 * Account numbers, identifiers and phone numbers are shown and logged by their last 4 characters
 * only. The bullet keeps the masked value recognisable for the customer ("••••4821").
 */
export const MASK_CHAR = '•';

export function maskTail(value: string, visible = 4): string {
  const compact = value.replace(/[\s-]/g, '');
  if (compact.length <= visible) return `${MASK_CHAR}${MASK_CHAR}${compact.slice(-Math.max(1, visible - 2))}`;
  return `${MASK_CHAR.repeat(4)}${compact.slice(-visible)}`;
}

/** GSM-7 has no bullet: SMS and logs use an asterisk. */
export function maskTailAscii(value: string, visible = 4): string {
  return maskTail(value, visible).replaceAll(MASK_CHAR, '*');
}
