class Base {
  constructor() {
    this.audit = true;
  }
}

export class Store extends Base {
  count() {
    return 1;
  }
}

export function audited() {
  return new Store().audit;
}

console.log(audited());
