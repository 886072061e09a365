import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { purgeSettledMessages } from './message-retention';

const NOW = new Date('2026-11-27T15:00:00.000Z');
const DAY = 24 * 60 * 60_000;
const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * DAY);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());
beforeEach(() => t.db.raw('truncate outbox, inbound_messages'));

async function outboxRow(key: string, status: string, updatedAt: Date): Promise<void> {
  await t.db('outbox').insert({ dedupe_key: key, channel: 'sms', to_address: '+50688880001', payload: JSON.stringify({ body: 'x' }), status, created_at: updatedAt, updated_at: updatedAt });
}

async function inboundRow(sid: string, status: string, at: Date): Promise<void> {
  await t.db('inbound_messages').insert({
    provider: 'twilio',
    provider_message_id: sid,
    status,
    received_at: at,
    processed_at: status === 'received' ? null : at,
    ...(status === 'received' && { channel: 'sms', address: '+50688880001', payload: JSON.stringify({ text: 'hola' }) }),
  });
}

it('when messages are settled and older than the retention then they are deleted; newer or still waiting ones are kept', async () => {
  await outboxRow('old-sent', 'sent', daysAgo(31));
  await outboxRow('old-failed', 'failed', daysAgo(40));
  await outboxRow('old-pending', 'pending', daysAgo(45));
  await outboxRow('old-sending', 'sending', daysAgo(45));
  await outboxRow('recent-sent', 'sent', daysAgo(29));
  await inboundRow('old-processed', 'processed', daysAgo(31));
  await inboundRow('old-failed', 'failed', daysAgo(31));
  await inboundRow('old-received', 'received', daysAgo(60));
  await inboundRow('recent-processed', 'processed', daysAgo(1));

  expect(await purgeSettledMessages(t.db, { now: NOW })).toEqual({ outbox: 2, inbound: 2 });

  expect((await t.db('outbox').orderBy('dedupe_key').pluck('dedupe_key')).sort()).toEqual(['old-pending', 'old-sending', 'recent-sent']);
  expect((await t.db('inbound_messages').pluck('provider_message_id')).sort()).toEqual(['old-received', 'recent-processed']);
});

it('when there are more old rows than one batch then every one of them goes', async () => {
  await t.db.raw(
    `insert into outbox (dedupe_key, channel, to_address, payload, status, created_at, updated_at)
     select 'k' || g, 'sms', '+50688880001', '{"body":"x"}', 'sent', ?, ? from generate_series(1, 2500) g`,
    [daysAgo(90), daysAgo(90)],
  );
  expect(await purgeSettledMessages(t.db, { now: NOW })).toEqual({ outbox: 2500, inbound: 0 });
  expect(await t.db('outbox').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 0 }]);
});
