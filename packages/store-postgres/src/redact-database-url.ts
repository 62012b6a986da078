/** A connection URL safe to print: the password (if any) becomes `***`. Unparseable text is hidden entirely. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unreadable database URL)';
  }
}
