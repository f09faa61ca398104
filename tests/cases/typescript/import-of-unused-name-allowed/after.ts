import { readFile } from "fs";

export function main(s: string): number {
  return parseInt(s);
}
