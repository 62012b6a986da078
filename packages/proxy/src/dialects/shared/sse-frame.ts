/** One server-sent event with a named `event:` line, as Anthropic and the Responses API send them. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
