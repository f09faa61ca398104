import { Repo } from "./repo";

export class UserService {
  private readonly repo: Repo;
  retries = 3;

  constructor(repo: Repo) {
    this.repo = repo;
  }

  create(name: string): User {
    return this.repo.insert({ name });
  }

  delete(id: number): void {
    this.repo.remove(id);
  }

  archive(id: number): void {
    this.repo.update(id, { archived: true });
  }
}
