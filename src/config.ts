import { z } from 'zod';

/**
 * The only module that reads process.env. Parsed once at start-up; a missing or contradictory
 * setting stops the process with a message that names the key, never with a silent fallback.
 */

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());

/** How many options a WhatsApp Content template can carry: quick replies in session ≤ 3, a list ≤ 10. */
export const QUICK_REPLY_COUNTS = ['2', '3'] as const;
export const LIST_PICKER_COUNTS = ['2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;
const contentSid = z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must be a Content SID: HX followed by 32 hex digits');
const contentTemplatesSchema = z
  .object({
    quickReply: z.partialRecord(z.enum(QUICK_REPLY_COUNTS), contentSid).default({}),
    listPicker: z.partialRecord(z.enum(LIST_PICKER_COUNTS), contentSid).default({}),
  })
  .strict();
/** `TWILIO_CONTENT_TEMPLATES`: JSON text, as `npm run twilio:content` prints it. */
const contentTemplatesJson = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON like {"quickReply":{"2":"HX…"},"listPicker":{"2":"HX…"}}' });
      return z.NEVER;
    }
  })
  .pipe(contentTemplatesSchema);

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    ),
    DATA_DIR: z.string().default('.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    SEED_DEMO_DATA: z.enum(['auto', 'always', 'never']).default('auto'),
    PUBLIC_BASE_URL: optionalUrl,
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
    TWILIO_ACCOUNT_SID: z.preprocess(emptyToUndefined, z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional()),
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_WHATSAPP_FROM: z.preprocess(emptyToUndefined, z.string().regex(/^whatsapp:\+\d{8,15}$/, 'must look like whatsapp:+50640000000').optional()),
    TWILIO_SMS_FROM: z.preprocess(emptyToUndefined, z.string().regex(/^\+\d{8,15}$/, 'must be an E.164 number like +50640000000').optional()),
    TWILIO_API_BASE_URL: z.preprocess(emptyToUndefined, z.url().default('https://api.twilio.com')),
    TWILIO_CONTENT_TEMPLATES: z.preprocess(emptyToUndefined, contentTemplatesJson.optional()),
    TWILIO_CONTENT_API_BASE_URL: z.preprocess(emptyToUndefined, z.url().default('https://content.twilio.com')),
    CLU_ENDPOINT: optionalUrl,
    CLU_KEY: optionalString,
    CLU_PROJECT: optionalString,
    CLU_DEPLOYMENT: optionalString,
    TZ_BANK: z
      .string()
      .default('America/Costa_Rica')
      .refine(isValidTimeZone, 'must be an IANA time zone such as America/Costa_Rica'),
  })
  .superRefine((env, ctx) => {
    const cluKeys = ['CLU_ENDPOINT', 'CLU_KEY', 'CLU_PROJECT', 'CLU_DEPLOYMENT'] as const;
    const cluSet = cluKeys.filter((k) => env[k] !== undefined);
    if (cluSet.length > 0 && cluSet.length < cluKeys.length) {
      for (const k of cluKeys.filter((key) => env[key] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${cluSet.join(', ')} is set (Azure CLU needs all four)` });
      }
    }
    if (env.MicrosoftAppId !== undefined && env.MicrosoftAppPassword === undefined && env.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppTenantId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    }
    if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together' });
    }
    if (env.NODE_ENV === 'production') {
      if (env.MicrosoftAppId === undefined) {
        ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required in production: without it /api/messages would accept unsigned requests' });
      }
      if (env.TWILIO_AUTH_TOKEN === undefined) {
        ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'is required in production: Twilio webhooks cannot be verified without it' });
      }
      if (env.PUBLIC_BASE_URL === undefined || !env.PUBLIC_BASE_URL.startsWith('https://')) {
        ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'must be the https:// URL Twilio signs, in production' });
      }
      if (env.DATABASE_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production: the embedded database is for local use only' });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Content SIDs of the WhatsApp choice templates, by number of options ("2" → HX…). */
export interface ContentTemplateSids {
  readonly quickReply: Readonly<Partial<Record<(typeof QUICK_REPLY_COUNTS)[number], string>>>;
  readonly listPicker: Readonly<Partial<Record<(typeof LIST_PICKER_COUNTS)[number], string>>>;
}

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly port: number;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly database:
    | { readonly kind: 'url'; readonly url: string }
    | { readonly kind: 'embedded'; readonly dataDir: string; readonly port: number };
  readonly seedDemoData: Env['SEED_DEMO_DATA'];
  readonly publicBaseUrl: string | undefined;
  readonly botFramework: {
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly tenantId: string | undefined;
    readonly appType: Env['MicrosoftAppType'];
  };
  readonly twilio: {
    readonly accountSid: string | undefined;
    readonly authToken: string | undefined;
    readonly whatsappFrom: string | undefined;
    readonly smsFrom: string | undefined;
    readonly apiBaseUrl: string;
    /** WhatsApp choices as quick replies or a list; undefined = numbered text. */
    readonly contentTemplates: ContentTemplateSids | undefined;
    /** Where Twilio's Content API is (`npm run twilio:content`). */
    readonly contentApiBaseUrl: string;
  };
  readonly clu:
    | { readonly kind: 'local' }
    | { readonly kind: 'azure'; readonly endpoint: string; readonly key: string; readonly project: string; readonly deployment: string };
  readonly bankTimeZone: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database:
      e.DATABASE_URL !== undefined
        ? { kind: 'url', url: e.DATABASE_URL }
        : { kind: 'embedded', dataDir: e.DATA_DIR, port: e.EMBEDDED_PG_PORT },
    seedDemoData: e.SEED_DEMO_DATA,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      whatsappFrom: e.TWILIO_WHATSAPP_FROM,
      smsFrom: e.TWILIO_SMS_FROM,
      apiBaseUrl: e.TWILIO_API_BASE_URL,
      contentTemplates: e.TWILIO_CONTENT_TEMPLATES,
      contentApiBaseUrl: e.TWILIO_CONTENT_API_BASE_URL,
    },
    clu:
      e.CLU_ENDPOINT !== undefined && e.CLU_KEY !== undefined && e.CLU_PROJECT !== undefined && e.CLU_DEPLOYMENT !== undefined
        ? { kind: 'azure', endpoint: e.CLU_ENDPOINT, key: e.CLU_KEY, project: e.CLU_PROJECT, deployment: e.CLU_DEPLOYMENT }
        : { kind: 'local' },
    bankTimeZone: e.TZ_BANK,
  };
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
