import { evil as parseInt } from "./f";

export function main(s: string): number {
  return parseInt(s);
}
