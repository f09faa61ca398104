export type Point = { x: number; y: number };

export function createUser(input: { name: string; email: string }): User {
  const id = crypto.randomUUID();
  return { id, ...input };
}
