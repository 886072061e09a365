/** The Bot Framework channel (Web Chat, Emulator, Teams): `POST /api/messages` through botbuilder's CloudAdapter. */
export { BOT_FRAMEWORK_PATH, createBotFrameworkAdapter, registerBotFrameworkRoutes, type BotFrameworkRouteDeps } from './botframework.routes';
export { providerMessageIdOf, toInboundMessage } from './inbound';
