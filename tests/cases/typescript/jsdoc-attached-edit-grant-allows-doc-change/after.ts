import { db } from "./db";

/**
 * Returns the total price of an order, in cents, taxes included.
 */
export function orderTotal(order: Order): number {
  return order.lines.reduce((sum, l) => sum + l.price * l.qty, 0);
}

export function orderCount(orders: Order[]): number {
  return orders.length;
}
