/**
 * The baseline of `npm run bench:turns`: a bare botbuilder echo bot, the smallest honest Bot
 * Framework bot on the same stack as ours — restify 11 + CloudAdapter (botbuilder 4.23.3) with open
 * auth (no MicrosoftAppId: unsigned requests accepted, unsigned replies), answering each message
 * activity with one reply POSTed to the activity's serviceUrl (a local Bot Connector stand-in run
 * by the bench) inside the request, as the protocol does. No database, no NLU, no logging.
 *
 *   PORT=3979 node --import tsx bench/echo-bot.ts
 */
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';

const port = Number(process.env.PORT ?? '3979');
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });

server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }), async (req: Request, res: Response) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === ActivityTypes.Message) await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`echo bot listening on ${port}\n`);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
