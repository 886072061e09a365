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

describe('loadConfig: WhatsApp Content templates', () => {
  const HX = (digit: string): string => `HX${digit.repeat(32)}`;

  it('when TWILIO_CONTENT_TEMPLATES is unset or empty then there are none (numbered text) and the Content API is Twilio\'s', () => {
    expect(loadConfig({}).twilio).toMatchObject({ contentTemplates: undefined, contentApiBaseUrl: 'https://content.twilio.com' });
    expect(loadConfig({ TWILIO_CONTENT_TEMPLATES: '' }).twilio.contentTemplates).toBeUndefined();
  });

  it('when it holds the line twilio:content printed then the SIDs are read by kind and count', () => {
    const value = JSON.stringify({ quickReply: { '2': HX('a'), '3': HX('B') }, listPicker: { '2': HX('c'), '10': HX('d') } });
    expect(loadConfig({ TWILIO_CONTENT_TEMPLATES: value }).twilio.contentTemplates).toEqual({
      quickReply: { '2': HX('a'), '3': HX('B') },
      listPicker: { '2': HX('c'), '10': HX('d') },
    });
    expect(loadConfig({ TWILIO_CONTENT_TEMPLATES: JSON.stringify({ listPicker: { '4': HX('e') } }) }).twilio.contentTemplates).toEqual({ quickReply: {}, listPicker: { '4': HX('e') } });
  });

  it('when the Content API base URL is overridden (a stand-in) then that URL is used', () => {
    expect(loadConfig({ TWILIO_CONTENT_API_BASE_URL: 'http://127.0.0.1:4010' }).twilio.contentApiBaseUrl).toBe('http://127.0.0.1:4010');
  });

  it.each([
    ['not JSON', "{quickReply: {'2': 'HX'}}"],
    ['a SID that is not HX + 32 hex digits', JSON.stringify({ quickReply: { '2': `HX${'g'.repeat(32)}` } })],
    ['a message SID instead of a Content SID', JSON.stringify({ quickReply: { '2': `SM${'a'.repeat(32)}` } })],
    ['4 quick replies (WhatsApp shows 3 in session)', JSON.stringify({ quickReply: { '4': HX('a') } })],
    ['a list of 11 rows (the limit is 10)', JSON.stringify({ listPicker: { '11': HX('a') } })],
    ['an unknown kind', JSON.stringify({ buttons: { '2': HX('a') } })],
    ['a JSON array', JSON.stringify([HX('a')])],
  ])('when TWILIO_CONTENT_TEMPLATES has %s then start-up stops naming it', (_case, value) => {
    expect(() => loadConfig({ TWILIO_CONTENT_TEMPLATES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TWILIO_CONTENT_TEMPLATES: value })).toThrow('TWILIO_CONTENT_TEMPLATES');
  });

  it('when TWILIO_CONTENT_API_BASE_URL is not a URL then start-up stops naming it', () => {
    expect(() => loadConfig({ TWILIO_CONTENT_API_BASE_URL: 'content.twilio' })).toThrow('TWILIO_CONTENT_API_BASE_URL');
  });
});
