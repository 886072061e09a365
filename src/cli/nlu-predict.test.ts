import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

function predict(input: string): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/nlu-predict.ts'], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('nlu:predict (JSON lines on stdin → one JSON line per input)', () => {
  const lines = [
    JSON.stringify({ text: 'quiero pagar 25 rojos de la luz' }),
    'this is not json',
    '',
    JSON.stringify({ text: 'SIII' }),
    JSON.stringify({ nope: 1 }),
    JSON.stringify({ text: '🙂' }),
  ];
  const run = predict(`${lines.join('\n')}\n`);
  const out = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('when it reads lines then it writes one JSON line per non-blank input line, in order, and exits 0', () => {
    expect(run.status).toBe(0);
    expect(out).toHaveLength(5);
  });

  it('when the line has text then the output has text, intent, score and entities with type, value and text', () => {
    expect(out[0]).toEqual({
      text: 'quiero pagar 25 rojos de la luz',
      intent: 'pay_bill',
      score: expect.any(Number),
      entities: [
        { type: 'amount', value: 2_500_000, currency: 'CRC', text: '25 rojos' },
        { type: 'service_type', value: 'electricidad', text: 'la luz' },
      ],
    });
    expect(out[2]).toMatchObject({ text: 'SIII', intent: 'affirm', score: 1, entities: [] });
    expect(out[4]).toMatchObject({ text: '🙂', intent: 'none', entities: [] });
  });

  it('when a line is not valid JSON or has no text then an error line takes its place and the stream goes on', () => {
    expect(out[1]).toEqual({ error: 'invalid JSON', line: 2 });
    expect(out[3]).toEqual({ error: 'expected a string "text"', line: 5 });
  });
});
