/** A setting the adapter could not honour (e.g. `temperature` on a reasoning model). */
export interface CallWarning {
  type: 'unsupported-setting' | 'other';
  setting?: string;
  message: string;
}
