/** Postgres SQLSTATE for unique_violation, and the constraint it names. */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === '23505' ? (typeof e.constraint === 'string' ? e.constraint : '') : null;
}
