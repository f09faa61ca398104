export class UserService {
  private db: Db;

  constructor(db: Db) {
    this.db = db;
    this.size = 2;
    const self = { delete: 1 };
    function inner(this: any) {
      this.delete = 1;
    }
  }

  /** The size. */
  get size(): number {
    return 1;
  }

  set size(v: number) {}

  /** Deletes, with an audit trail. */
  delete(id: string) {
    audit("delete", id);
  }
}
