/** Why generation stopped, mapped to one vocabulary; the vendor's own value is kept in `raw`. */
export interface FinishReason {
  unified: 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other' | 'unknown';
  raw: string | undefined;
}
