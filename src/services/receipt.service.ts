import type { Agreement, Company } from '../domain/catalog.types';
import type { Money } from '../domain/money';
import type { Payment } from '../domain/payment';
import type { CatalogRepository, CustomerRepository, PaymentQuery, PaymentRepository, SavedBillerRepository } from '../ports/repositories.port';

/** Everything a receipt (comprobante) shows; identifiers and accounts are still whole here and masked when rendered. */
export interface ReceiptData {
  readonly paymentId: string;
  readonly referenceNumber: string;
  readonly authorizationCode: string;
  readonly paidAt: Date;
  readonly customerName: string;
  readonly company: Company;
  readonly agreement: Agreement;
  readonly identifier: string;
  readonly alias: string | null;
  readonly amount: Money;
  readonly accountId: string;
  readonly billIds: readonly string[];
  readonly channel: string;
}

export interface ReceiptSearch {
  readonly from?: Date;
  readonly to?: Date;
  readonly serviceType?: string;
  readonly companyCode?: string;
  readonly savedBillerId?: string;
  readonly limit?: number;
}

export interface ReceiptServiceDeps {
  readonly payments: PaymentRepository;
  readonly billers: SavedBillerRepository;
  readonly customers: CustomerRepository;
  readonly catalog: CatalogRepository;
}

/** Receipts exist only for succeeded payments, and only for their owner. */
export class ReceiptService {
  constructor(private readonly deps: ReceiptServiceDeps) {}

  async receipt(customerId: string, paymentId: string): Promise<ReceiptData | null> {
    const payment = await this.deps.payments.findById(customerId, paymentId);
    return payment && payment.status === 'succeeded' ? this.toReceipt(payment) : null;
  }

  /** Succeeded payments matching what the customer asked for ("la luz de octubre"), newest first. */
  async search(customerId: string, s: ReceiptSearch): Promise<readonly ReceiptData[]> {
    const catalog = await this.deps.catalog.load();
    const agreementCodes =
      s.serviceType !== undefined || s.companyCode !== undefined
        ? catalog.agreements
            .filter((a) => (s.serviceType === undefined || a.serviceType === s.serviceType) && (s.companyCode === undefined || a.companyCode === s.companyCode))
            .map((a) => a.code)
        : undefined;
    const query: PaymentQuery = {
      statuses: ['succeeded'],
      limit: s.limit ?? 10,
      ...(s.from && { from: s.from }),
      ...(s.to && { to: s.to }),
      ...(agreementCodes && { agreementCodes }),
      ...(s.savedBillerId && { savedBillerIds: [s.savedBillerId] }),
    };
    const payments = await this.deps.payments.list(customerId, query);
    return Promise.all(payments.map((p) => this.toReceipt(p)));
  }

  private async toReceipt(p: Payment): Promise<ReceiptData> {
    const [catalog, customer, biller] = await Promise.all([
      this.deps.catalog.load(),
      this.deps.customers.findById(p.customerId),
      p.savedBillerId ? this.deps.billers.find(p.customerId, p.savedBillerId) : Promise.resolve(null),
    ]);
    const agreement = catalog.agreements.find((a) => a.code === p.agreementCode);
    const company = agreement && catalog.companies.find((c) => c.code === agreement.companyCode);
    if (!agreement || !company || !customer || !p.authorizationCode || !p.completedAt) {
      throw new Error(`payment ${p.id} cannot make a receipt: incomplete record`);
    }
    return {
      paymentId: p.id,
      referenceNumber: p.referenceNumber,
      authorizationCode: p.authorizationCode,
      paidAt: p.completedAt,
      customerName: customer.fullName,
      company,
      agreement,
      identifier: p.identifier,
      alias: biller?.alias ?? null,
      amount: p.amount,
      accountId: p.accountId,
      billIds: p.billIds,
      channel: p.channel,
    };
  }
}
