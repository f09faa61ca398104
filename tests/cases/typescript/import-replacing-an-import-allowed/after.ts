import { parseInt } from "./b";

export function main(s: string): number {
  return parseInt(s);
}
