export class UserService {
  create(name: string) {
    return { name };
  }

  delete(id: string) {
    audit("delete", id);
    remove(id);
  }

  *[Symbol.iterator]() {
    yield 1;
  }
}
