import type { OutputItem } from './response-object.js';

/** Output items this process produced, by item id, so `item_reference` inputs can be resolved. */
export interface ResponseItemCache {
  /** Keeps every output item of a response the door sent. */
  remember(items: readonly OutputItem[]): void;
  /** The item with this id, if it is still kept. */
  resolve(id: string): OutputItem | undefined;
}

/**
 * An in-memory, size-bounded cache of output items (oldest dropped first). The Vercel AI SDK's default
 * (`store` on) sends earlier assistant text back as `{"type":"item_reference","id":…}` on the next step of a
 * tool loop; this lets one proxy process serve that without keeping whole responses. It is not
 * `previous_response_id` or `store: true`: nothing is persisted, and items are gone after a restart or on
 * another replica (the door then answers 400 saying so).
 */
export function createResponseItemCache({ maxItems = 5000 }: { maxItems?: number } = {}): ResponseItemCache {
  if (!Number.isSafeInteger(maxItems) || maxItems < 1) {
    throw new RangeError(`maxItems must be a positive whole number (got ${maxItems}).`);
  }
  const items = new Map<string, OutputItem>();
  return {
    remember(output) {
      for (const item of output) {
        items.delete(item.id);
        items.set(item.id, item);
      }
      while (items.size > maxItems) {
        const oldest = items.keys().next().value as string;
        items.delete(oldest);
      }
    },
    resolve: (id) => items.get(id),
  };
}
