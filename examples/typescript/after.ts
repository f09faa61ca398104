import { Db } from "./db";

/** Creates and removes users. */
export class UserService {
  constructor(private db: Db) {}

  create(name: string): string {
    return this.db.insert(name.trim());
  }

  remove(name: string): void {
    this.db.delete(name);
  }

  get count(): number {
    return this.db.size;
  }
}

export const handler = (req: Request) => new UserService(new Db()).create(req.url);

namespace Shapes {
  export function area(radius: number): number {
    return Math.PI * radius * radius;
  }
}
