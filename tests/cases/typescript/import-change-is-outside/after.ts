import { clamp, lerp } from "./math";

export function first(xs: number[]): number {
  return lerp(xs[0], xs[0], 0);
}

// Helpers below are used by the report module.

export function last(xs: number[]): number {
  return xs[xs.length - 1];
}

export function middle(xs: number[]): number {
  return xs[Math.floor(xs.length / 2)];
}
