export class OrderService {
  private orders: Order[] = [];

  /** Creates an order and returns its id. */
  create(order: Order): number {
    this.orders.push(order);
    return this.orders.length;
  }

  // Lookup helpers.

  find(id: number): Order | undefined {
    return this.orders[id - 1];
  }

  count(): number {
    return this.orders.length;
  }

  clear(): void {
    this.orders = [];
  }
}
