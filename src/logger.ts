import pino, { type Logger } from 'pino';
import { maskTailAscii } from './domain/mask';

export type { Logger };

/**
 * Paths that must never reach a log line whole. Secrets are removed; personal identifiers are
 * masked to their last 4 characters so support can still correlate a case.
 */
const SECRET_PATHS = [
  'password',
  '*.password',
  'authToken',
  '*.authToken',
  'token',
  '*.token',
  'otp',
  '*.otp',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers["x-twilio-signature"]',
];
const PII_PATHS = [
  'phone',
  '*.phone',
  'address',
  '*.address',
  'accountId',
  '*.accountId',
  'identifier',
  '*.identifier',
  'reference',
  '*.reference',
  'from',
  '*.from',
  'to',
  '*.to',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'improbank-billpay' },
      redact: {
        paths: [...SECRET_PATHS, ...PII_PATHS],
        censor: (value: unknown, path: string[]) => {
          const key = path[path.length - 1] ?? '';
          if (SECRET_PATHS.some((p) => p === key || p.endsWith(`.${key}`))) return '[redacted]';
          return typeof value === 'string' ? maskTailAscii(value) : '[redacted]';
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
