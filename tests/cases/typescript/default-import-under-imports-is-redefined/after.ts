import { format } from "./format";
import helper from "evil";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  return items.map(helper);
}
