import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => out };
}

describe('logger', () => {
  it('when a payload carries phones, accounts and identifiers then only their last 4 characters are logged', () => {
    const { stream, lines } = capture();
    createLogger('info', stream).info(
      { phone: '+50688880001', accountId: 'CR21014700012001002341', payment: { identifier: '3004125874', to: 'whatsapp:+50688880003' } },
      'payment',
    );
    const out = lines();
    expect(out).not.toContain('88880001');
    expect(out).not.toContain('0012001002341');
    expect(out).not.toContain('3004125874');
    expect(out).toContain('****0001');
    expect(out).toContain('****5874');
  });

  it('when a payload carries secrets then they are removed entirely', () => {
    const { stream, lines } = capture();
    createLogger('info', stream).info({ authToken: 'tok_123456789', otp: '123456', twilio: { password: 'p4ssw0rd' } }, 'x');
    const out = lines();
    expect(out).not.toMatch(/tok_123456789|123456|p4ssw0rd/);
    expect(out).toContain('[redacted]');
  });

  it('when an error code is logged then it stays readable (codes are not secrets)', () => {
    const { stream, lines } = capture();
    createLogger('info', stream).warn({ code: 'PAYMENT.INSUFFICIENT_FUNDS' }, 'refused');
    expect(lines()).toContain('PAYMENT.INSUFFICIENT_FUNDS');
  });
});
