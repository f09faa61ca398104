export type KyOptions = {
  /** The base URL. */
  prefixUrl?: string;
  retry?: number;
};

export function merge(a: KyOptions, b: KyOptions): KyOptions {
  return { ...a, ...b };
}
