export type KyOptions = {
  /** The base URL. */
  prefixUrl?: string;
  retry?: number;
  /** Throw on HTTP errors. */
  throwHttpErrors?: boolean;
};

export function merge(a: KyOptions, b: KyOptions): KyOptions {
  return { ...a, ...b };
}
