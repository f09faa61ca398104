import { parseInt } from "./a";

export function main(s: string): number {
  return parseInt(s);
}
