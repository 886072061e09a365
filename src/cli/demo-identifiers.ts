import { exampleIdentifiers } from '../adapters/sandbox/sandbox-identifiers';
import { DEMO_CATALOG } from '../seed/catalog.data';

/** `npm run --silent demo:identifiers`: the README's table of sandbox identifiers, as markdown. */
const rows = DEMO_CATALOG.agreements.map((a) => {
  const e = exampleIdentifiers(a);
  const rule = a.amountMode === 'open' ? 'open amount (top-up)' : a.partialAllowed ? 'partial allowed' : 'exact bill amount';
  return `| \`${a.code}\` | ${a.name} | ${a.identifierLabel} | ${rule} | \`${e.withBills}\` | \`${e.noBills}\` | \`${e.unavailable}\` | \`${e.hugeBill}\` |`;
});
console.log('| convenio | name | identifier | amount rule | with pending bills | no pending bill | biller unavailable | bill larger than any balance |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
