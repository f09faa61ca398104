export class UserService {
  create(name: string) {
    return { name };
  }

  delete(id: string) {
    audit("delete", id);
    remove(id);
  }

  \u{64}elete(id: string) {
    remove(id);
  }
}
