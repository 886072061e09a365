import { ConfigError, loadConfig } from './config';

const SID = `AC${'0'.repeat(32)}`;

describe('loadConfig', () => {
  it('when nothing is set then it runs locally: embedded database, local NLU, port 3978, Costa Rica time', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.database.kind).toBe('embedded');
    expect(c.clu.kind).toBe('local');
    expect(c.bankTimeZone).toBe('America/Costa_Rica');
    expect(c.twilio.apiBaseUrl).toBe('https://api.twilio.com');
  });

  it('when DATABASE_URL is set then that server is used', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ kind: 'url', url: 'postgres://u@h:5432/db' });
  });

  it('when all four CLU keys are set then Azure CLU is chosen', () => {
    const c = loadConfig({ CLU_ENDPOINT: 'https://x.cognitiveservices.azure.com', CLU_KEY: 'k', CLU_PROJECT: 'p', CLU_DEPLOYMENT: 'd' });
    expect(c.clu.kind).toBe('azure');
  });

  it.each([
    [{ CLU_ENDPOINT: 'https://x.cognitiveservices.azure.com' }, 'CLU_KEY'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ TWILIO_ACCOUNT_SID: 'SK123' }, 'TWILIO_ACCOUNT_SID'],
    [{ TWILIO_ACCOUNT_SID: SID }, 'TWILIO_AUTH_TOKEN'],
    [{ MicrosoftAppId: 'id' }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
    [{ TZ_BANK: 'Mars/Olympus' }, 'TZ_BANK'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  ])('when the setting is wrong or incomplete (%o) then start-up stops naming %s', (env, key) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(key);
  });

  it('when production has no MicrosoftAppId or Twilio token then it refuses to start, naming both', () => {
    const run = () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', PUBLIC_BASE_URL: 'https://bot.example.com' });
    expect(run).toThrow(/MicrosoftAppId[\s\S]*TWILIO_AUTH_TOKEN|TWILIO_AUTH_TOKEN[\s\S]*MicrosoftAppId/);
  });

  it('when production is fully configured then it starts', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      PUBLIC_BASE_URL: 'https://bot.example.com',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'token',
    });
    expect(c.env).toBe('production');
  });

  it('when empty strings are given (as .env files do) then they count as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', MicrosoftAppId: '', CLU_KEY: ' ' }).database.kind).toBe('embedded');
  });
});
