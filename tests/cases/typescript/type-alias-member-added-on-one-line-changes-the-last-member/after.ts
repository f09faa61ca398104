export type Point = { x: number; y: number; z?: number };

export function createUser(input: { name: string; email: string }): User {
  return { id: crypto.randomUUID(), ...input };
}
