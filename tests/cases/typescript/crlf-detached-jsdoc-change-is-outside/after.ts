/**
 * Formats a money amount.
 */
export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** Currency used when none is configured. */

export const CURRENCY = "EUR";

export function price(cents: number): string {
  return `${money(cents)} ${CURRENCY}`;
}
