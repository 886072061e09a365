/**
 * Expected failures are values, not exceptions: a use case returns `err({code})` and the caller
 * branches on the stable code. Exceptions are reserved for the unexpected (bugs, lost I/O).
 */
export type Result<T, E extends { readonly code: string } = DomainFailure> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export interface DomainFailure<C extends string = string> {
  readonly code: C;
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const err = <C extends string>(
  code: C,
  detail?: Readonly<Record<string, string | number | boolean>>,
): { readonly ok: false; readonly error: DomainFailure<C> } => ({
  ok: false,
  error: detail === undefined ? { code } : { code, detail },
});

/** Thrown only for broken invariants (programming errors), never for a customer's input. */
export class InvariantError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvariantError';
  }
}
