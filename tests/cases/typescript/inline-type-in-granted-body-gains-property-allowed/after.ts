export type Point = { x: number; y: number };

export function createUser(input: { name: string; email: string }): User {
  const meta: { createdAt: Date } = { createdAt: new Date() };
  return { id: crypto.randomUUID(), ...input, ...meta };
}
