/**
 * One environment variable, or undefined where there is no `process` (edge runtimes, browsers) or reading it
 * throws (Deno without the permission).
 */
export function readEnvironmentVariable(name: string): string | undefined {
  try {
    const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env;
    return environment?.[name];
  } catch {
    return undefined;
  }
}
