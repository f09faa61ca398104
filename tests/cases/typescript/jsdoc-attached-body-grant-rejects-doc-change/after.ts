import { db } from "./db";

/**
 * Returns the total price of an order, in cents, taxes included.
 */
export function orderTotal(order: Order): number {
  const net = order.lines.reduce((sum, l) => sum + l.price * l.qty, 0);
  return Math.round(net * 1.2);
}

export function orderCount(orders: Order[]): number {
  return orders.length;
}
