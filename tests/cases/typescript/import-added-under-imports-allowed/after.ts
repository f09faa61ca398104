import { format } from "./format";
import * as path from "node:path";
import { join as j } from "node:path";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  return items.map(helper);
}
