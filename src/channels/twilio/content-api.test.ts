import { startContentStandIn, validateCreate, type ContentStandIn } from '../../../tests/support/twilio-content-stand-in';
import { ContentApiError, createContentApi, provisionChoiceTemplates } from './content-api';
import { choiceTemplateCounts, choiceTemplateName, choiceTemplateRequest } from './content-templates';

const ACCOUNT_SID = `AC${'c'.repeat(32)}`;
const AUTH_TOKEN = 'content-token';
const ALL_NAMES = (['quickReply', 'listPicker'] as const).flatMap((kind) => choiceTemplateCounts(kind).map((c) => choiceTemplateName(kind, Number(c))));

let standIn: ContentStandIn;
beforeEach(async () => {
  standIn = await startContentStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterEach(async () => {
  await standIn.close();
});
const api = (authToken = AUTH_TOKEN) => createContentApi({ accountSid: ACCOUNT_SID, authToken, baseUrl: standIn.baseUrl, timeoutMs: 2_000 });

describe('Content API client', () => {
  it('when a template is created then it is a JSON POST to /v1/Content with basic auth, and the HX sid comes back', async () => {
    const request = choiceTemplateRequest('quickReply', 2);
    const created = await api().create(request);
    expect(created.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect(created.friendlyName).toBe(request.friendly_name);
    expect(standIn.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/Content',
      contentType: 'application/json',
      authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
      body: request,
      answered: 201,
    });
  });

  it('when the account has more templates than one page then every page is read, through our base URL', async () => {
    standIn.seed(...Array.from({ length: 2_345 }, (_, i) => ({ friendly_name: `other_${i}`, language: 'en', variables: {}, types: { 'twilio/text': { body: 'x' } } })));
    const all = await api().list();
    expect(all).toHaveLength(2_345);
    expect(standIn.requests.map((r) => r.query.Page ?? '0')).toEqual(['0', '1', '2']);
  });

  it('when Twilio refuses the credentials then the error carries the status and Twilio code, never the token', async () => {
    const error: unknown = await api('wrong-token').list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentApiError);
    expect(error).toMatchObject({ status: 401, twilioCode: 20003 });
    expect(String((error as Error).message)).not.toContain('wrong-token');
  });
});

describe('the choice templates as created', () => {
  it.each(['quickReply', 'listPicker'] as const)('when the %s templates are checked against the published limits then every one passes', (kind) => {
    for (const count of choiceTemplateCounts(kind).map(Number)) expect([count, validateCreate(choiceTemplateRequest(kind, count))]).toEqual([count, null]);
  });

  it('when the quick-reply templates are listed then they exist for 2 and 3 buttons only (in-session WhatsApp shows 3)', () => {
    expect(choiceTemplateCounts('quickReply')).toEqual(['2', '3']);
    expect(choiceTemplateCounts('listPicker')).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });
});

describe('provisionChoiceTemplates', () => {
  it('when the account has none then 2 quick-reply and 9 list templates are created and their SIDs mapped by count', async () => {
    const report = await provisionChoiceTemplates(api());
    expect(report.created).toEqual(ALL_NAMES);
    expect(report.reused).toEqual([]);
    const sidOf = (name: string): string | undefined => standIn.contents.find((c) => c.friendly_name === name)?.sid;
    expect(report.sids.quickReply).toEqual({ '2': sidOf(choiceTemplateName('quickReply', 2)), '3': sidOf(choiceTemplateName('quickReply', 3)) });
    expect(Object.keys(report.sids.listPicker)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(report.sids.listPicker['10']).toBe(sidOf(choiceTemplateName('listPicker', 10)));
    expect(standIn.contents.map((c) => c.language)).toEqual(ALL_NAMES.map(() => 'es'));
  });

  it('when it runs again then nothing is created and the same SIDs come back', async () => {
    const first = await provisionChoiceTemplates(api());
    const posts = standIn.requests.filter((r) => r.method === 'POST').length;
    const second = await provisionChoiceTemplates(api());
    expect(standIn.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
    expect(second).toEqual({ sids: first.sids, created: [], reused: ALL_NAMES });
  });

  it('when a run failed half way then the next run creates only what is missing', async () => {
    standIn.script({ kind: 'accept' }, { kind: 'accept' }, { kind: 'error', status: 500, code: 20500 });
    await expect(provisionChoiceTemplates(api())).rejects.toMatchObject({ status: 500, twilioCode: 20500 });
    expect(standIn.contents).toHaveLength(2);
    const report = await provisionChoiceTemplates(api());
    expect(report.reused).toEqual(ALL_NAMES.slice(0, 2));
    expect(report.created).toEqual(ALL_NAMES.slice(2));
    expect(standIn.contents.map((c) => c.friendly_name)).toEqual(ALL_NAMES);
  });

  it('when Twilio created a template but its answer was lost then the next run finds it by name (no duplicate)', async () => {
    standIn.script({ kind: 'drop', afterCreating: true });
    await expect(provisionChoiceTemplates(api())).rejects.toThrow();
    const report = await provisionChoiceTemplates(api());
    expect(report.reused).toEqual(ALL_NAMES.slice(0, 1));
    expect(standIn.contents.map((c) => c.friendly_name)).toEqual(ALL_NAMES);
  });

  it('when Twilio answers an error then provisioning stops with it (no SIDs line half filled)', async () => {
    standIn.script({ kind: 'error', status: 400, code: 20001, message: 'Invalid types' });
    await expect(provisionChoiceTemplates(api())).rejects.toMatchObject({ status: 400, twilioCode: 20001 });
  });
});
