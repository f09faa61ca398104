export function main(user: { name: string }): string {
  return user.name;
}

export function setup(): void {
}
