export class Store {
  constructor() {
    this.items = [1, 2];
  }

  count() {
    return this.items.length;
  }
}

export async function load() {
  const s = await new Store();
  return s.count();
}

load().then((n) => console.log("count", n), (e) => console.log("error", e.message));
