/**
 * What may be logged about an unexpected error: its kind, code and stack frames. Not its message:
 * driver and HTTP errors quote values (a knex error carries the SQL with the phone number in it).
 */
export function errorFacts(error: unknown): { errorName: string; errorCode?: string; stack?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 8).join('\n');
  return {
    errorName: error.name,
    ...((typeof code === 'string' || typeof code === 'number') && { errorCode: String(code) }),
    ...(frames !== undefined && frames !== '' && { stack: frames }),
  };
}
