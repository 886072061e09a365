import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../logger';
import { MutableClock } from '../../ports/mutable-clock';
import type { Recognition, RecognitionContext, RecognizerPort } from '../../ports/recognizer.port';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import {
  SPEC_ENUMS,
  STAND_IN_API_VERSION,
  cluError,
  conversationResult,
  entityIn,
  internalError,
  listKey,
  prediction,
  projectNotFound,
  serviceUnavailable,
  startCluStandIn,
  tooManyRequests,
  unauthorized,
  validateTask,
  type CluStandIn,
} from '../../../tests/support/clu-stand-in';
import { CluRecognizer, MAX_BUDGET_MS, readRetryAfter, type CluRecognizerOptions } from './clu.recognizer';

const SPEC_DIR = join(__dirname, '..', '..', '..', '..', 'shared', 'contracts');
const context: RecognitionContext = {
  aliases: [{ id: 'sb_casa', alias: 'casa' }],
  now: new Date('2025-11-20T15:00:00Z'),
  timeZone: 'America/Costa_Rica',
};

class FakeLocalRecognizer implements RecognizerPort {
  calls = 0;
  async recognize(text: string): Promise<Recognition> {
    this.calls++;
    return { text, intent: 'help', score: 0.42, alternatives: [], entities: [], source: 'local' };
  }
}

let standIn: CluStandIn;
let logLines: string[];
let fallback: FakeLocalRecognizer;
let clock: MutableClock;

beforeAll(async () => {
  standIn = await startCluStandIn();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => {
  standIn.reset();
  logLines = [];
  fallback = new FakeLocalRecognizer();
  clock = new MutableClock(new Date('2025-11-20T15:00:00Z'));
});

function recognizer(overrides: Partial<CluRecognizerOptions> = {}): CluRecognizer {
  return new CluRecognizer({
    endpoint: standIn.endpoint,
    key: standIn.key,
    projectName: standIn.projectName,
    deploymentName: standIn.deploymentName,
    catalog: DEMO_CATALOG,
    fallback,
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
    clock,
    ...overrides,
  });
}

const logged = (): Record<string, unknown>[] => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
const fallbackReasons = (): unknown[] => logged().filter((l) => l.event === 'clu.fallback').map((l) => l.reason);

describe('CluRecognizer: the request follows the 2023-04-01 spec', () => {
  it('when a message is recognized then one POST goes to /language/:analyze-conversations with the key, JSON and api-version', async () => {
    await recognizer().recognize('quiero pagar la luz', context);

    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.problems).toEqual([]);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/language/:analyze-conversations');
    expect(request?.query).toEqual({ 'api-version': STAND_IN_API_VERSION });
    expect(request?.headers['ocp-apim-subscription-key']).toBe(standIn.key);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('when a message is recognized then the body is a Conversation task with a text item in Spanish and UTF-16 offsets', async () => {
    await recognizer().recognize('pagar el agua de mi mamá 8812-3456', context);

    const body = standIn.requests[0]?.body;
    expect(validateTask(body, standIn)).toEqual([]);
    expect(body).toEqual({
      kind: 'Conversation',
      analysisInput: {
        conversationItem: { id: '1', participantId: 'customer', text: 'pagar el agua de mi mamá 8812-3456', language: 'es', modality: 'text' },
      },
      parameters: {
        projectName: standIn.projectName,
        deploymentName: standIn.deploymentName,
        stringIndexType: 'Utf16CodeUnit',
        verbose: true,
        isLoggingEnabled: false,
      },
    });
  });

  it('when the endpoint ends with a slash, as the Azure portal shows it, then the path is still /language/:analyze-conversations', async () => {
    await recognizer({ endpoint: `${standIn.endpoint}/` }).recognize('hola', context);

    expect(standIn.requests.map((r) => [r.path, r.problems])).toEqual([['/language/:analyze-conversations', []]]);
    expect(fallback.calls).toBe(0);
  });

  it('when the spec example body is checked then its stringIndexType is the one invalid member, as the shared README warns', () => {
    const example = JSON.parse(readFileSync(join(SPEC_DIR, 'SuccessfulAnalyzeConversations_2023-04-01.example.json'), 'utf8')) as {
      parameters: { body: unknown };
    };
    expect(validateTask(example.parameters.body)).toEqual([expect.stringContaining('stringIndexType TextElement_V8')]);
  });
});

describe('CluRecognizer: the stand-in answers in the spec response shape', () => {
  type Schema = { required?: string[]; properties?: Record<string, { enum?: string[]; $ref?: string }>; allOf?: { $ref: string }[] };
  const spec = JSON.parse(readFileSync(join(SPEC_DIR, 'analyzeconversations_2023-04-01.json'), 'utf8')) as {
    definitions: Record<string, Schema>;
  };
  /** Required fields of a definition, including those of the definitions it extends. */
  const required = (name: string): string[] => {
    const d = spec.definitions[name];
    if (d === undefined) throw new Error(`no definition ${name}`);
    const inherited = (d.allOf ?? []).flatMap((a) => required(a.$ref.replace('#/definitions/', '')));
    return [...inherited, ...(d.required ?? [])];
  };
  const hasAll = (o: unknown, name: string): string[] =>
    required(name).filter((f) => typeof o !== 'object' || o === null || !(f in o)).map((f) => `${name}.${f}`);

  it('when a canned prediction is built then every object carries the fields the spec requires, with valid enum values', () => {
    const q = 'pagar 25 mil colones del kolbi en octubre';
    const body = conversationResult(q, {
      intents: [['pay_bill', 0.93], ['None', 0.02]],
      entities: [
        entityIn(q, 'amount', '25 mil colones', { resolutions: [{ resolutionKind: 'CurrencyResolution', value: 25000, unit: 'Colón', ISO4217: 'CRC' }] }),
        entityIn(q, 'company', 'kolbi', { extraInformation: [listKey('ICE')] }),
        entityIn(q, 'period', 'octubre', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-10', dateTimeSubKind: 'Date', value: '2025-10-01' }] }),
      ],
    });
    const result = body.result as Record<string, unknown>;
    const pred = result.prediction as { intents: unknown[]; entities: { resolutions?: Record<string, unknown>[]; extraInformation?: Record<string, unknown>[] }[] };
    const problems = [
      ...hasAll(body, 'ConversationalTaskResult'),
      ...hasAll(result, 'AnalyzeConversationResult'),
      ...hasAll(pred, 'ConversationPrediction'),
      ...pred.intents.flatMap((i) => hasAll(i, 'ConversationIntent')),
      ...pred.entities.flatMap((e) => hasAll(e, 'ConversationEntity')),
      ...pred.entities.flatMap((e) => (e.extraInformation ?? []).flatMap((x) => hasAll(x, 'BaseExtraInformation'))),
      ...pred.entities.flatMap((e) =>
        (e.resolutions ?? []).flatMap((r) => hasAll(r, String(r.resolutionKind))),
      ),
    ];
    expect(problems).toEqual([]);
    expect(SPEC_ENUMS.resultKind).toContain(body.kind);
    expect(SPEC_ENUMS.projectKind).toContain((pred as unknown as { projectKind: string }).projectKind);
    for (const e of pred.entities) {
      for (const r of e.resolutions ?? []) expect(SPEC_ENUMS.resolutionKind).toContain(r.resolutionKind);
      for (const x of e.extraInformation ?? []) expect(SPEC_ENUMS.extraInformationKind).toContain(x.extraInformationKind);
    }
    // The stand-in's enums are the spec's, not a copy that drifted.
    expect(spec.definitions.ResolutionKind).toMatchObject({ enum: [...SPEC_ENUMS.resolutionKind] });
    expect(spec.definitions.ErrorCode).toMatchObject({ enum: [...SPEC_ENUMS.errorCode] });
  });

  it('when an error is scripted then the body is an ErrorResponse with a spec error code', () => {
    for (const reply of [unauthorized(), projectNotFound(), tooManyRequests(1), internalError(), serviceUnavailable()]) {
      const error = (reply.body as { error: unknown }).error;
      expect(hasAll(reply.body, 'ErrorResponse')).toEqual([]);
      expect(hasAll(error, 'Error')).toEqual([]);
      expect(SPEC_ENUMS.errorCode).toContain((error as { code: string }).code);
    }
  });
});

describe('the stand-in refuses what the spec refuses', () => {
  const post = (query: string, headers: Record<string, string>, body: unknown) =>
    fetch(`${standIn.endpoint}/language/:analyze-conversations?${query}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const valid = {
    kind: 'Conversation',
    analysisInput: { conversationItem: { id: '1', participantId: '1', text: 'hola' } },
    parameters: { projectName: 'improbank-billpay', deploymentName: 'production' },
  };
  const json = { 'content-type': 'application/json' };

  it('when the key is missing then 401 Unauthorized; when the api-version is a preview then 400 naming it', async () => {
    const noKey = await post('api-version=2023-04-01', json, valid);
    expect([noKey.status, await noKey.json()]).toEqual([401, { error: { code: 'Unauthorized', message: expect.any(String) } }]);

    const preview = await post('api-version=2022-05-15-preview', { ...json, 'ocp-apim-subscription-key': standIn.key }, valid);
    expect(preview.status).toBe(400);
    expect(await preview.json()).toEqual({ error: { code: 'InvalidArgument', message: expect.stringContaining('api-version 2022-05-15-preview') } });
  });

  it('when the body misses required fields or uses an invalid enum value then 400 lists each problem', async () => {
    const body = { kind: 'Conversation', analysisInput: { conversationItem: { id: '1', text: 'hola', modality: 'voice' } }, parameters: { projectName: 'improbank-billpay', deploymentName: 'production', stringIndexType: 'Utf16' } };
    const res = await post('api-version=2023-04-01', { ...json, 'ocp-apim-subscription-key': standIn.key }, body);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(res.status).toBe(400);
    expect(message).toContain('conversationItem.participantId must be a string');
    expect(message).toContain('modality voice is not valid');
    expect(message).toContain('stringIndexType Utf16 is not one of');
  });
});

describe('CluRecognizer: mapping a prediction', () => {
  it('when CLU answers then intent, score, runner-up and normalised entities come back with source clu', async () => {
    const q = 'pagar 25 mil colones del kolbi de la casa en octubre';
    standIn.enqueue(
      prediction(q, {
        intents: [['pay_bill', 0.91], ['quick_pay', 0.06], ['None', 0.02], ['some_old_intent', 0.01]],
        entities: [
          entityIn(q, 'amount', '25 mil colones', { resolutions: [{ resolutionKind: 'CurrencyResolution', value: 25000, unit: 'Colón costarricense', ISO4217: 'CRC' }] }),
          entityIn(q, 'company', 'kolbi', { extraInformation: [listKey('ICE')] }),
          entityIn(q, 'alias', 'la casa'),
          entityIn(q, 'period', 'octubre', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-10', dateTimeSubKind: 'Date', value: '2026-10-01' }] }),
        ],
      }),
    );

    const r = await recognizer().recognize(q, context);

    expect(r).toMatchObject({ text: q, intent: 'pay_bill', score: 0.91, source: 'clu' });
    expect(r.alternatives).toEqual([
      { intent: 'quick_pay', score: 0.06 },
      { intent: 'none', score: 0.02 },
    ]);
    expect(r.entities).toEqual([
      { type: 'amount', text: '25 mil colones', start: 6, end: 20, value: 2_500_000, currency: 'CRC' },
      { type: 'company', text: 'kolbi', start: 25, end: 30, value: 'ICE' },
      { type: 'alias', text: 'la casa', start: 34, end: 41, value: 'casa', ref: 'sb_casa' },
      { type: 'period', text: 'octubre', start: 45, end: 52, value: '2025-10', ref: '2025-10-01..2025-10-31' },
    ]);
    expect(fallback.calls).toBe(0);
  });

  it('when the spec spelling (CurrencyResolution, ISO4217) and the SDK spelling (Currency) arrive then both give minor units', async () => {
    const q = 'doce dólares y medio, once dólares y medio y mil doscientos cincuenta con cincuenta';
    standIn.enqueue(
      prediction(q, {
        intents: [['quick_pay', 0.8]],
        entities: [
          entityIn(q, 'amount', 'doce dólares y medio', { resolutions: [{ resolutionKind: 'CurrencyResolution', value: 12.5, unit: 'Dólar', ISO4217: 'USD' }] }),
          // The SDK knows kind "Currency" and renames ISO4217 to iso4217 on the way in.
          entityIn(q, 'amount', 'once dólares y medio', { resolutions: [{ resolutionKind: 'Currency', value: 11.5, unit: 'Dólar', ISO4217: 'USD' }] }),
          entityIn(q, 'amount', 'mil doscientos cincuenta con cincuenta', { resolutions: [{ resolutionKind: 'NumberResolution', numberKind: 'Decimal', value: 1250.5 }] }),
        ],
      }),
    );

    const r = await recognizer().recognize(q, context);

    expect(r.entities.map((e) => [e.text, e.value, 'currency' in e ? e.currency : undefined])).toEqual([
      ['doce dólares y medio', 1250, 'USD'],
      ['once dólares y medio', 1150, 'USD'],
      ['mil doscientos cincuenta con cincuenta', 125050, 'CRC'],
    ]);
  });

  it('when a list entity carries a ListKey then the value is the catalog code, whatever words the customer used', async () => {
    const q = 'pagar tigo y la luz';
    standIn.enqueue(
      prediction(q, {
        intents: [['pay_bill', 0.88]],
        entities: [
          entityIn(q, 'company', 'tigo', { extraInformation: [listKey('Liberty')] }),
          entityIn(q, 'service_type', 'la luz', { extraInformation: [{ extraInformationKind: 'ListKey', key: 'electricidad' }] }),
        ],
      }),
    );

    const r = await recognizer().recognize(q, context);

    expect(r.entities.map((e) => [e.type, e.value])).toEqual([
      ['company', 'Liberty'],
      ['service_type', 'electricidad'],
    ]);
  });

  it('when the top intent scores below the threshold then the intent is none and the model guess is the first alternative', async () => {
    const q = 'eh';
    standIn.enqueue(prediction(q, { intents: [['pay_bill', 0.31], ['help', 0.2]] }));

    const r = await recognizer({ confidenceThreshold: 0.5 }).recognize(q, context);

    expect(r).toMatchObject({ intent: 'none', score: 0.31, source: 'clu' });
    expect(r.alternatives[0]).toEqual({ intent: 'pay_bill', score: 0.31 });
    expect(fallback.calls).toBe(0);
  });

  it('when CLU names an intent we do not know then the intent is none', async () => {
    standIn.enqueue(prediction('x', { intents: [['Transfer', 0.97], ['help', 0.01]] }));

    const r = await recognizer().recognize('x', context);

    expect(r).toMatchObject({ intent: 'none', score: 0.97, source: 'clu' });
  });
});

describe('CluRecognizer: resilience', () => {
  it('when CLU answers 429 with retry-after-ms then the call is retried after it and the answer is CLU’s', async () => {
    const q = 'pagar la luz';
    standIn.enqueue(cluError(429, 'TooManyRequests', 'Rate limit is exceeded.', { 'retry-after-ms': '80' }), prediction(q, { intents: [['pay_bill', 0.9]] }));

    const started = Date.now();
    const r = await recognizer().recognize(q, context);

    expect(r).toMatchObject({ intent: 'pay_bill', source: 'clu' });
    expect(standIn.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(fallback.calls).toBe(0);
  });

  it('when CLU answers 503 twice then the third attempt succeeds within the budget', async () => {
    const q = 'ayuda';
    standIn.enqueue(serviceUnavailable(), serviceUnavailable(), prediction(q, { intents: [['help', 0.95]] }));

    const r = await recognizer().recognize(q, context);

    expect(r).toMatchObject({ intent: 'help', source: 'clu' });
    expect(standIn.requests).toHaveLength(3);
  });

  it('when Retry-After is longer than the turn can wait then the local recognizer answers at once and CLU is left alone for that long', async () => {
    standIn.enqueue(tooManyRequests(5));
    const clu = recognizer();

    const started = Date.now();
    const first = await clu.recognize('pagar la luz', context);
    const second = await clu.recognize('pagar el agua', context);

    expect(Date.now() - started).toBeLessThan(500);
    expect([first.source, second.source]).toEqual(['local', 'local']);
    expect(standIn.requests).toHaveLength(1);
    expect(fallbackReasons()).toEqual(['CLU.THROTTLED', 'CLU.CIRCUIT_OPEN']);

    clock.advance(5_000);
    standIn.enqueue(prediction('pagar la luz', { intents: [['pay_bill', 0.9]] }));
    expect(await clu.recognize('pagar la luz', context)).toMatchObject({ source: 'clu' });
  });

  it('when CLU does not answer then the local recognizer answers within about 1.5 s', async () => {
    standIn.setDefault({ ...prediction('pagar la luz', { intents: [['pay_bill', 0.9]] }), delayMs: 4_000 });

    const started = Date.now();
    const r = await recognizer().recognize('pagar la luz', context);
    const elapsed = Date.now() - started;

    expect(r.source).toBe('local');
    expect(elapsed).toBeGreaterThanOrEqual(MAX_BUDGET_MS - 100);
    expect(elapsed).toBeLessThan(MAX_BUDGET_MS + 500);
    expect(fallbackReasons()).toEqual(['CLU.TIMEOUT']);
    expect(standIn.requests).toHaveLength(1);
  });

  it('when the key is wrong (401) then the local recognizer answers, once, without retrying', async () => {
    const r = await recognizer({ key: 'wrong-key' }).recognize('hola', context);

    expect(r.source).toBe('local');
    expect(fallback.calls).toBe(1);
    expect(standIn.requests).toHaveLength(1);
    expect(logged().find((l) => l.event === 'clu.fallback')).toMatchObject({ reason: 'CLU.UNAUTHORIZED', status: 401, cluCode: 'Unauthorized' });
  });

  it('when the deployment does not exist (404) then the local recognizer answers with reason CLU.NOT_FOUND', async () => {
    const r = await recognizer({ deploymentName: 'staging' }).recognize('hola', context);

    expect(r.source).toBe('local');
    expect(fallbackReasons()).toEqual(['CLU.NOT_FOUND']);
  });

  it('when CLU fails 5 times in a row then the circuit opens: no HTTP call while open, one trial after 30 s', async () => {
    standIn.setDefault(internalError());
    const clu = recognizer();

    for (let i = 0; i < 5; i++) await clu.recognize(`mensaje ${i}`, context);
    expect(standIn.requests).toHaveLength(5);
    expect(clu.circuitState()).toBe('open');

    for (let i = 0; i < 3; i++) expect(await clu.recognize('pagar la luz', context)).toMatchObject({ source: 'local' });
    expect(standIn.requests).toHaveLength(5);

    clock.advance(29_999);
    await clu.recognize('pagar la luz', context);
    expect(standIn.requests).toHaveLength(5);

    clock.advance(1);
    expect(clu.circuitState()).toBe('half_open');
    standIn.setDefault((query) => prediction(query, { intents: [['pay_bill', 0.9]] }));
    expect(await clu.recognize('pagar la luz', context)).toMatchObject({ source: 'clu', intent: 'pay_bill' });
    expect(standIn.requests).toHaveLength(6);
    expect(clu.circuitState()).toBe('closed');
    expect(fallback.calls).toBe(9);
    expect(logged().filter((l) => l.event === 'clu.circuit').map((l) => l.state)).toEqual(['open', 'closed']);
  });

  it('when the half-open trial fails then the circuit opens again for another period', async () => {
    standIn.setDefault(internalError());
    const clu = recognizer({ breaker: { failureThreshold: 2, openMs: 1_000 } });
    await clu.recognize('a', context);
    await clu.recognize('b', context);
    clock.advance(1_000);

    await clu.recognize('c', context);
    await clu.recognize('d', context);

    expect(standIn.requests).toHaveLength(3);
    expect(clu.circuitState()).toBe('open');
  });

  it('when messages fall back then the logs carry reason codes but never the customer’s text', async () => {
    standIn.setDefault(unauthorized());
    const secret = 'pagar la luz del NIS 1234567890 de Ana';

    await recognizer().recognize(secret, context);

    expect(logLines.join('\n')).not.toContain('1234567890');
    expect(logLines.join('\n')).not.toContain('Ana');
    expect(fallbackReasons()).toEqual(['CLU.UNAUTHORIZED']);
  });

  it('when the message is empty or longer than CLU accepts then no call is made and the local recognizer answers', async () => {
    const clu = recognizer();

    await clu.recognize('   ', context);
    await clu.recognize('a'.repeat(10_000), context);

    expect(standIn.requests).toHaveLength(0);
    expect(fallback.calls).toBe(2);
    expect(clu.circuitState()).toBe('closed');
  });

  it('when the fallback itself throws then recognize still answers none', async () => {
    const broken: RecognizerPort = { recognize: () => Promise.reject(new Error('boom')) };
    standIn.setDefault(internalError());

    const r = await recognizer({ fallback: broken }).recognize('hola', context);

    expect(r).toMatchObject({ intent: 'none', source: 'local', entities: [] });
  });
});

describe('readRetryAfter', () => {
  const headers = (h: Record<string, string>) => (name: string) => h[name];

  it('when retry-after-ms is present then it wins over Retry-After seconds', () => {
    expect(readRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
  });

  it('when Retry-After is seconds or an HTTP date then it becomes milliseconds', () => {
    expect(readRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2025-11-20T15:00:00Z');
    expect(readRetryAfter(headers({ 'retry-after': 'Thu, 20 Nov 2025 15:00:03 GMT' }), now)).toBe(3000);
    expect(readRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});
