/** The Twilio channel (WhatsApp and SMS): webhooks in, outbox out. */
export { registerTwilioRoutes, EMPTY_TWIML, type TwilioRouteDeps, type TwilioRoutes, type TwilioWebhookConfig } from './twilio.routes';
export { TWILIO_MESSAGES_PATH, TWILIO_STATUS_PATH } from './twilio-paths';
export { startOutboxWorker, createOutboxSender, type OutboxWorker, type OutboxWorkerOptions, type OutboxSender, type SendReport } from './outbox-sender';
export { createTwilioClient, type TwilioClientOptions, type TwilioMessagesClient } from './twilio-client';
export { createTwilioInbox, type TwilioInbox, type TwilioInboxDeps } from './twilio-inbox';
export { whatsappRenderOptionsFrom } from './content-templates';
