import type { Evil as Promise } from "./f";

export function main(s: string): Promise<number> {
  return load(s);
}
