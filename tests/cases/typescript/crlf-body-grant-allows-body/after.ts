/**
 * Formats a money amount.
 */
export function money(cents: number): string {
  const units = cents / 100;
  return units.toFixed(2);
}

/** Currency used by default. */

export const CURRENCY = "EUR";

export function price(cents: number): string {
  return `${money(cents)} ${CURRENCY}`;
}
