import { clamp } from "./math";

export function first(xs: number[]): number {
  return xs[0];
}

export function second(xs: number[]): number {
  return xs[1];
}

// Helpers below are used by the report module.

export function last(xs: number[]): number {
  return xs[xs.length - 1];
}

export function middle(xs: number[]): number {
  return xs[Math.floor(xs.length / 2)];
}
