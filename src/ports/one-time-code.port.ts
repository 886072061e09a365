/**
 * Verifies the customer's one-time code against the bank's authenticator (the Improbank+ app's
 * TOTP). The channel never holds the secret in a real deployment: it only asks "is this code valid
 * now, and for which time step?" so it can refuse a replay.
 */
export interface OneTimeCodePort {
  verify(coreCustomerId: string, code: string, at: Date): Promise<{ readonly valid: true; readonly timeStep: number } | { readonly valid: false }>;
}
