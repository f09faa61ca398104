export function main(user: { name: string }): string {
  return user.name;
}

export function setup(): void {
  const cfg: any = {};
  cfg.name = "x";
  let other: any = {};
  other.name = "y";
}
