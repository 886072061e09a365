import { totp, TOTP_STEP_SECONDS } from '../domain/totp';
import { DEMO_CUSTOMERS } from '../seed/demo.data';

/**
 * `npm run --silent demo:code -- ana`: the demo customer's current one-time code ("clave
 * dinámica"), as their Improbank+ app would show it. The code is the last line printed.
 * Sandbox only: the demo secrets are public on purpose.
 */
const who = (process.argv[2] ?? '').trim().toLowerCase();
const customer = DEMO_CUSTOMERS.find((c) => c.botFrameworkUserId === who || c.id === who || c.phone === who);
if (!customer) {
  console.error(`Unknown demo customer "${who}". Use one of: ${DEMO_CUSTOMERS.map((c) => c.botFrameworkUserId).join(', ')}`);
  process.exit(2);
}
const now = new Date();
const secondsLeft = TOTP_STEP_SECONDS - (Math.floor(now.getTime() / 1000) % TOTP_STEP_SECONDS);
console.log(`${customer.fullName}: valid for about ${secondsLeft} s more (one step before and after is accepted).`);
console.log(totp(customer.totpSecret, now));
