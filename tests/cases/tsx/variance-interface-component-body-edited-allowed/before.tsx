export interface Props<out T> {
  items: readonly T[];
}

export function List<T>(props: Props<T>) {
  return <ul>{props.items.length}</ul>;
}
