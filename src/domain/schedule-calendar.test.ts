import { nextRunAt, periodOf, runAtInPeriod } from './schedule-calendar';

/** Costa Rica is UTC−6 all year: 08:00 local is 14:00Z. */
const utc = (iso: string): Date => new Date(iso);

describe('nextRunAt', () => {
  it('when the day is still ahead this month then it runs this month', () => {
    expect(nextRunAt({ dayOfMonth: 15, hour: 8, minute: 0, after: utc('2026-01-10T12:00:00Z'), timeZone: 'America/Costa_Rica' })).toEqual(
      utc('2026-01-15T14:00:00Z'),
    );
  });

  it('when the time zone is omitted then Costa Rica time is used', () => {
    expect(nextRunAt({ dayOfMonth: 15, hour: 8, minute: 30, after: utc('2026-01-10T12:00:00Z') })).toEqual(
      utc('2026-01-15T14:30:00Z'),
    );
  });

  it('when the 31st is asked for after 31 January then it runs on 28 February', () => {
    expect(nextRunAt({ dayOfMonth: 31, hour: 8, minute: 0, after: utc('2026-01-31T20:00:00Z') })).toEqual(
      utc('2026-02-28T14:00:00Z'),
    );
  });

  it('when February has 29 days then day 30 runs on the 29th', () => {
    expect(nextRunAt({ dayOfMonth: 30, hour: 0, minute: 0, after: utc('2028-02-01T12:00:00Z') })).toEqual(
      utc('2028-02-29T06:00:00Z'),
    );
  });

  it("when the day is 'last' then it follows each month's length", () => {
    let after = utc('2026-01-01T12:00:00Z');
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) {
      after = nextRunAt({ dayOfMonth: 'last', hour: 23, minute: 59, after });
      runs.push(after.toISOString());
    }
    expect(runs).toEqual([
      // 31 Jan 23:59 in Costa Rica is already 1 Feb in UTC.
      '2026-02-01T05:59:00.000Z',
      '2026-03-01T05:59:00.000Z',
      '2026-04-01T05:59:00.000Z',
      '2026-05-01T05:59:00.000Z',
    ]);
  });

  it('when "after" is exactly a run instant then the next run is a month later', () => {
    const run = utc('2026-03-05T14:00:00Z');
    expect(nextRunAt({ dayOfMonth: 5, hour: 8, minute: 0, after: run })).toEqual(utc('2026-04-05T14:00:00Z'));
    expect(nextRunAt({ dayOfMonth: 5, hour: 8, minute: 0, after: new Date(run.getTime() - 1) })).toEqual(run);
  });

  it('when it is already January in UTC but still 31 December locally then the December run is next', () => {
    expect(nextRunAt({ dayOfMonth: 'last', hour: 23, minute: 59, after: utc('2026-01-01T00:00:00Z') })).toEqual(
      utc('2026-01-01T05:59:00Z'),
    );
  });

  it('when UTC has already moved to the next day then the local calendar still decides', () => {
    // 2026-01-15T02:00Z is still 14 January, 20:00 in Costa Rica.
    expect(nextRunAt({ dayOfMonth: 14, hour: 21, minute: 0, after: utc('2026-01-15T02:00:00Z') })).toEqual(
      utc('2026-01-15T03:00:00Z'),
    );
  });

  it('when the year ends then it rolls into January', () => {
    expect(nextRunAt({ dayOfMonth: 10, hour: 8, minute: 0, after: utc('2026-12-20T00:00:00Z') })).toEqual(
      utc('2027-01-10T14:00:00Z'),
    );
  });

  it('when another zone with DST is given then local wall time is kept across the change', () => {
    // New York: EST (UTC−5) in February, EDT (UTC−4) in April.
    const feb = nextRunAt({ dayOfMonth: 1, hour: 9, minute: 0, after: utc('2026-01-15T00:00:00Z'), timeZone: 'America/New_York' });
    const apr = nextRunAt({ dayOfMonth: 1, hour: 9, minute: 0, after: utc('2026-03-15T00:00:00Z'), timeZone: 'America/New_York' });
    expect(feb).toEqual(utc('2026-02-01T14:00:00Z'));
    expect(apr).toEqual(utc('2026-04-01T13:00:00Z'));
  });

  it.each([
    [{ dayOfMonth: 0, hour: 8, minute: 0 }],
    [{ dayOfMonth: 32, hour: 8, minute: 0 }],
    [{ dayOfMonth: 1.5, hour: 8, minute: 0 }],
    [{ dayOfMonth: 1, hour: 24, minute: 0 }],
    [{ dayOfMonth: 1, hour: 8, minute: 60 }],
  ])('when the rule %j is invalid then it is a programming error', (rule) => {
    expect(() => nextRunAt({ ...rule, after: utc('2026-01-01T00:00:00Z') })).toThrow();
  });

  it('when the zone is unknown then it is a programming error', () => {
    expect(() => nextRunAt({ dayOfMonth: 1, hour: 8, minute: 0, after: utc('2026-01-01T00:00:00Z'), timeZone: 'Mars/Olympus' })).toThrow(
      /time zone/,
    );
  });
});

describe('runAtInPeriod', () => {
  it('when a period is given then the run instant of that month is returned, clamped', () => {
    expect(runAtInPeriod('2026-02', { dayOfMonth: 31, hour: 8, minute: 0 })).toEqual(utc('2026-02-28T14:00:00Z'));
    expect(runAtInPeriod('2026-04', { dayOfMonth: 'last', hour: 8, minute: 0 })).toEqual(utc('2026-04-30T14:00:00Z'));
  });

  it('when the period is malformed then it is a programming error', () => {
    expect(() => runAtInPeriod('2026-13', { dayOfMonth: 1, hour: 8, minute: 0 })).toThrow(/YYYY-MM/);
  });
});

describe('periodOf', () => {
  it('when the instant is early on the 1st in UTC then the period is still the previous local month', () => {
    expect(periodOf(utc('2026-02-01T05:59:59Z'))).toBe('2026-01');
    expect(periodOf(utc('2026-02-01T06:00:00Z'))).toBe('2026-02');
  });

  it('when a zone is given then its calendar is used', () => {
    expect(periodOf(utc('2026-02-01T05:00:00Z'), 'UTC')).toBe('2026-02');
  });

  it('when a run is computed then its period is the month it was scheduled for', () => {
    const run = nextRunAt({ dayOfMonth: 'last', hour: 23, minute: 59, after: utc('2026-01-01T12:00:00Z') });
    expect(periodOf(run)).toBe('2026-01');
  });
});
