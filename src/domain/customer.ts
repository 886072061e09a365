export type CustomerKind = 'personal' | 'business';

export interface Customer {
  readonly id: string;
  /** The core banking system's id for this customer (accounts hang from it). */
  readonly coreCustomerId: string;
  readonly fullName: string;
  readonly kind: CustomerKind;
}

/** How a customer reaches the bot: WhatsApp and SMS share the phone; Bot Framework has a user id. */
export type IdentityKind = 'phone' | 'botframework';
