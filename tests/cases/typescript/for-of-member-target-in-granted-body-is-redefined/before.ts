export class UserService {
  create(name: string) {
    return { name };
  }

  delete(id: string) {
    audit("delete", id);
    remove(id);
  }
}

export function handler(s: UserService, id: string) {
  s.delete(id);
}
