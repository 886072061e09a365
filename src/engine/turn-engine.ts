import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { FlowName, SayEvent } from '../../dialogs/shared/dialog.types';
import { DIALOG_VERSION, type RouterInput } from '../../dialogs/router/router.machine';
import { KnexConversationStore, type ConversationRecord, type TranscriptEntry } from '../adapters/postgres/knex-conversation.store';
import type { Container } from '../container';
import type { Customer } from '../domain/customer';
import { renderSay } from '../i18n/render';
import type { Logger } from '../logger';
import type { Clock } from '../ports/clock.port';
import type { RecognizerPort } from '../ports/recognizer.port';
import { createScopedEffects, TurnBillers, withTurnEffects } from './dialog-effects';
import { KeyedMutex } from './keyed-mutex';
import { Semaphore } from './semaphore';
import { isMoreRequest, nextPage, pageReplies, pageSizeFor, type PendingChoices } from './choice-paging';
import { expectsSensitiveInput, positionOfPersisted, providedRouter, runDialogTurn } from './dialog-runtime';
import type { DialogPosition, InboundMessage, TurnEngine, TurnOptions, TurnResult } from './turn.types';

export interface TurnEngineDeps {
  readonly db: Knex;
  readonly container: Container;
  readonly recognizer: RecognizerPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeZone: string;
  /** A conversation idle longer than this starts over (15 minutes, issue #4). */
  readonly idleTimeoutMs?: number;
  /** Longest a turn may take before it is abandoned (rolled back) with a polite error. */
  readonly turnTimeoutMs?: number;
  /**
   * Turns in flight at once in this process. A turn holds one pool connection for its transaction
   * and its effects take a few more; without a cap, enough simultaneous turns each hold one and wait
   * forever for another (pool starvation, found by the turns benchmark at 16 customers). Keep
   * `maxConcurrentTurns × 4` within the pool size.
   */
  readonly maxConcurrentTurns?: number;
}

const IDLE_TIMEOUT_MS = 15 * 60_000;
const TURN_TIMEOUT_MS = 10_000;
/** With the default pool of 20 connections (src/db/knex.ts): 4 turns × (1 + up to 3) leaves room for the outbox worker. */
const MAX_CONCURRENT_TURNS = 4;
/** Messages longer than this are cut before recognition: nobody types a bill payment in 10 KB. */
const MAX_TEXT = 2_000;

/**
 * One turn: lock the conversation → claim the provider message id (a duplicate stops here) →
 * identify the customer → recognise → step the dialog → persist snapshot + transcript (+ the
 * channel's outbox rows) in the same transaction. Effects (payments…) run on their own connections
 * and are idempotent by key, so a turn that fails after an effect is safely re-run by a retry.
 */
export function createTurnEngine(deps: TurnEngineDeps): TurnEngine {
  const store = new KnexConversationStore(deps.db);
  const conversations = new KeyedMutex();
  const router = providedRouter(createScopedEffects());
  const turns = new Semaphore(deps.maxConcurrentTurns ?? MAX_CONCURRENT_TURNS);
  const idleTimeoutMs = deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const turnTimeoutMs = deps.turnTimeoutMs ?? TURN_TIMEOUT_MS;

  async function identify(message: InboundMessage): Promise<Customer | null> {
    const kind = message.channel === 'whatsapp' || message.channel === 'sms' ? 'phone' : 'botframework';
    return deps.container.repos.customers.findByIdentity(kind, message.address);
  }

  async function handle(message: InboundMessage, options: TurnOptions = {}): Promise<TurnResult> {
    const correlationId = randomUUID();
    const log = deps.logger.child({ correlationId, channel: message.channel, provider: message.provider });
    try {
      return await conversations.run(`${message.channel}:${message.address}`, () => turns.run(() => store.inTurn(async (turn) => {
        const now = deps.clock.now();
        const conversation = await turn.lock(message.channel, message.address, randomUUID(), now);
        if (!(await turn.claimInbound(message.provider, message.providerMessageId, conversation.id, now))) {
          const answer = options.replayable === true ? asAnswer(await turn.takeAnswer(message.provider, message.providerMessageId)) : null;
          log.info({ conversationId: conversation.id, replayed: answer !== null }, 'duplicate delivery: not run again');
          return { duplicate: true, conversationId: conversation.id, customerId: conversation.customerId, replies: answer?.replies ?? [], dialog: answer?.dialog ?? { flow: 'none', step: 'duplicate' } };
        }
        const customer = conversation.customer ?? (await identify(message));
        const result = customer
          ? await converse(conversation, customer, message, now)
          : { replies: [{ type: 'say', key: 'common.unknownCustomer' } as SayEvent], dialog: { flow: 'none' as const, step: 'unknownCustomer' }, snapshot: null, sensitive: false, pendingChoices: null };
        await turn.save(
          conversation.id,
          { customerId: customer?.id ?? null, snapshot: result.snapshot, version: DIALOG_VERSION, pendingChoices: result.pendingChoices, at: now },
          transcript(message, result.replies, result.sensitive),
          options.replayable === true ? { provider: message.provider, providerMessageId: message.providerMessageId, value: { replies: result.replies, dialog: result.dialog } satisfies StoredAnswer } : undefined,
        );
        const turnResult: TurnResult = { duplicate: false, conversationId: conversation.id, customerId: customer?.id ?? null, replies: result.replies, dialog: result.dialog };
        await options.onCommit?.(turn.trx, turnResult);
        log.info({ conversationId: conversation.id, flow: result.dialog.flow, step: result.dialog.step, replies: result.replies.length }, 'turn');
        return turnResult;
      })));
    } catch (error) {
      // The channel logs the failure once (and answers the customer); it gets our correlation id.
      if (error instanceof Error) Object.assign(error, { correlationId });
      throw error;
    }
  }

  async function converse(conversation: ConversationRecord, customer: Customer, message: InboundMessage, now: Date) {
    const input: RouterInput = { customerId: customer.id, customerName: displayName(customer) };
    const fresh = conversation.snapshot === null || conversation.machineVersion !== DIALOG_VERSION || now.getTime() - conversation.updatedAt.getTime() > idleTimeoutMs;
    const pageSize = pageSizeFor(message.channel);
    // "ver más" shows the next page of the last long list; the dialog keeps waiting for the answer.
    if (!fresh && isPendingChoices(conversation.pendingChoices) && isMoreRequest(message.text)) {
      const next = nextPage(conversation.pendingChoices, pageSize);
      return { replies: [next.reply], dialog: positionOfPersisted(conversation.snapshot, input), snapshot: conversation.snapshot, sensitive: false, pendingChoices: next.pending };
    }
    const stale = conversation.snapshot !== null && fresh && wasInFlow(conversation.snapshot);
    const sensitive = !fresh && expectsSensitiveInput(conversation.snapshot, input);
    // One read of the saved billers for the whole turn: the recognizer's aliases and the effects share it.
    const billers = new TurnBillers(deps.container.billers, customer.id);
    const aliases = (await billers.list()).map((b) => ({ id: b.id, alias: b.alias }));
    const text = cleanText(message.text);
    // While a code is expected, a message with digits is a code attempt: it is never sent to a
    // recognizer (CLU would see the code). Words without digits ("ya no", "olvídelo") are language.
    const codeAttempt = sensitive && /\d/.test(text);
    const understood = codeAttempt
      ? { text, intent: 'none' as const, score: 0, alternatives: [], entities: [], source: 'local' as const }
      : await deps.recognizer.recognize(text, { aliases, now, timeZone: deps.timeZone });
    const run = await withTurnEffects({ container: deps.container, customer, channel: message.channel, billers }, () =>
      runDialogTurn({
        snapshot: fresh ? null : conversation.snapshot,
        input,
        machine: router,
        event: { type: 'user.message', messageId: `${message.provider}:${message.providerMessageId}`, text, recognition: understood, ...(message.choice !== undefined && { choice: message.choice }) },
        timeoutMs: turnTimeoutMs,
      }),
    );
    const paged = pageReplies(stale ? [{ type: 'say', key: 'common.restarted' }, ...run.said] : run.said, pageSize);
    const dialog = run.ended
      ? { flow: run.ended.flow, step: 'ended', outcome: run.ended.outcome }
      : { flow: (run.position.flow ?? 'none') as FlowName | 'none', step: run.position.step };
    return { replies: paged.replies, dialog, snapshot: run.persisted, sensitive, pendingChoices: paged.pending };
  }

  return {
    handle,
    delivered: (message) => store.forgetAnswer(message.provider, message.providerMessageId),
  };
}

/** What a replayable turn keeps with its message id (`inbound_messages.answer`). */
interface StoredAnswer {
  readonly replies: readonly SayEvent[];
  readonly dialog: DialogPosition;
}

function asAnswer(value: unknown): StoredAnswer | null {
  if (typeof value !== 'object' || value === null) return null;
  const { replies, dialog } = value as Partial<StoredAnswer>;
  if (!Array.isArray(replies) || typeof dialog !== 'object' || dialog === null) return null;
  return { replies: replies.filter((r): r is SayEvent => typeof r === 'object' && r !== null && (r as SayEvent).type === 'say' && typeof (r as SayEvent).key === 'string'), dialog };
}

function isPendingChoices(value: unknown): value is PendingChoices {
  return typeof value === 'object' && value !== null && 'reply' in value && 'shown' in value;
}

/** What the engine reads of a message: no control characters (a NUL breaks Postgres text), bounded. */
function cleanText(text: string): string {
  let out = '';
  for (const ch of text.slice(0, MAX_TEXT)) {
    const code = ch.charCodeAt(0);
    if (code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0x7f)) out += ch;
  }
  return out;
}

/**
 * Digit runs in a transcript: six digits (what a one-time code looks like, even typed at the wrong
 * moment) are hidden entirely; eight or more (identifiers, accounts, phones) keep their last 4.
 */
export function maskDigits(text: string): string {
  return text.replace(/\d(?:[\d\s-]*\d)?/g, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length === 6) return '••••••';
    return digits.length >= 8 ? `••••${digits.slice(-4)}` : run;
  });
}

function wasInFlow(snapshot: unknown): boolean {
  return typeof snapshot === 'object' && snapshot !== null && 'value' in snapshot && (snapshot as { value: unknown }).value !== 'idle';
}

/** Personal customers by first name; companies by their name. */
function displayName(customer: Customer): string {
  return customer.kind === 'personal' ? (customer.fullName.split(/\s+/)[0] ?? customer.fullName) : customer.fullName;
}

/** Inbound text is masked: a one-time code entirely, long digit runs (identifiers, accounts) to their last 4. */
function transcript(message: InboundMessage, replies: readonly SayEvent[], sensitive: boolean): TranscriptEntry[] {
  const inbound = sensitive ? '[one-time code]' : maskDigits(cleanText(message.text));
  return [
    { direction: 'in', messageKey: null, text: inbound },
    ...replies.map((r) => ({ direction: 'out' as const, messageKey: r.key, text: renderSay(r, 'rich') })),
  ];
}
