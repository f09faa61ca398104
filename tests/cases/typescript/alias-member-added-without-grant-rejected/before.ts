import type { Hooks } from "./hooks";

/** Options for a request. */
export type KyOptions<T extends { id: string } = { id: string }> = {
  /** The base URL. */
  prefixUrl?: string;
  retry: number | { limit: number };
  hooks?: Hooks,
  parse(text: string): T;
  [key: string]: unknown;
};

export type Merged = { a: string } & { b: number };

export interface Plain {
  c: string;
}
