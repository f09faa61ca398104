export interface Props<in T> {
  items: readonly T[];
}

export function List<T>(props: Props<T>) {
  return <ol>{props.items.length}</ol>;
}
