export abstract class Repository<T> {
  abstract find(id: string): Promise<T>;

  async findOrFail(id: string): Promise<T> {
    const found = await this.find(id);
    if (!found) throw new Error(`not found: ${id}`);
    return found;
  }
}

export interface Clock {
  now(): Date;
}
