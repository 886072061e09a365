/**
 * `npm run --silent twilio:content [-- --dry-run]`: creates the WhatsApp Content templates for
 * choices (quick replies for 2–3 options, list pickers for 2–10) through Twilio's Content API, with
 * TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, and prints the line to put in the environment:
 *
 *   TWILIO_CONTENT_TEMPLATES='{"quickReply":{"2":"HX…","3":"HX…"},"listPicker":{"2":"HX…",…}}'
 *
 * Templates already in the account under the same name are reused, so running it again is safe.
 * Progress goes to stderr, the line to stdout. `--dry-run` prints the request bodies (JSON lines)
 * and calls nothing.
 */
import { existsSync } from 'node:fs';
import { createContentApi, provisionChoiceTemplates } from '../channels/twilio/content-api';
import { choiceTemplateCounts, choiceTemplateRequest, type ChoiceTemplateKind } from '../channels/twilio/content-templates';
import { ConfigError, loadConfig } from '../config';

const KINDS: readonly ChoiceTemplateKind[] = ['quickReply', 'listPicker'];

async function run(argv: readonly string[]): Promise<void> {
  const unknown = argv.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')}; usage: twilio-content [--dry-run]`);
  if (argv.includes('--dry-run')) {
    for (const kind of KINDS) for (const count of choiceTemplateCounts(kind)) console.log(JSON.stringify(choiceTemplateRequest(kind, Number(count))));
    return;
  }
  // A local .env is a convenience for development (the environment wins over it).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const { accountSid, authToken, contentApiBaseUrl } = config.twilio;
  if (accountSid === undefined || authToken === undefined) throw new Error('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to create Content templates');
  const api = createContentApi({ accountSid, authToken, baseUrl: contentApiBaseUrl });
  const report = await provisionChoiceTemplates(api, (name, sid, how) => console.error(`${how} ${name} ${sid}`));
  console.error(`${report.created.length} created, ${report.reused.length} already there. Put this line in the environment (.env):`);
  console.log(`TWILIO_CONTENT_TEMPLATES='${JSON.stringify(report.sids)}'`);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
