// Computes the VAT for a price in cents.
export function salesTax(cents: number): number {
  return Math.round(cents * 0.2);
}

export function shipping(weightKg: number): number {
  return 500 + weightKg * 100;
}
