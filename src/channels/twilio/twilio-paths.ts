/** The Twilio endpoints of DESIGN.md's contract. */
export const TWILIO_MESSAGES_PATH = '/api/twilio/messages';
export const TWILIO_STATUS_PATH = '/api/twilio/status';
