import { Repo } from "./repo";

export class UserService {
  private readonly repo: Repo;
  retries = 5;

  constructor(repo: Repo) {
    this.repo = repo;
  }

  create(name: string): User {
    return this.repo.insert({ name });
  }

  delete(id: number): void {
    this.repo.remove(id);
  }
}
