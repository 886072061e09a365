/** Number formatting for reports (Intl: no float-to-string shortcuts that round differently). */
const percentFormats = new Map<number, Intl.NumberFormat>();
const decimalFormats = new Map<number, Intl.NumberFormat>();

/** 0.9567 → "95.7 %" (digits after the point). */
export function percent(ratio: number, digits = 1): string {
  let f = percentFormats.get(digits);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
    percentFormats.set(digits, f);
  }
  return f.format(Number.isFinite(ratio) ? ratio : 0).replace('%', ' %');
}

/** 0.95671 → "0.957" (digits after the point, no grouping). */
export function decimal(value: number, digits = 3): string {
  let f = decimalFormats.get(digits);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
    decimalFormats.set(digits, f);
  }
  return f.format(Number.isFinite(value) ? value : 0);
}
