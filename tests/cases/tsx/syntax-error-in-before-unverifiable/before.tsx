import type { Item } from "./types";

export function ItemRow({ item }: { item: Item }) {
  return <li>{item..title}</li>;
}

export function ItemList({ items }: { items: Item[] }) {
  return (
    <ul>
      {items.map((item) => (
        <ItemRow key={item.id} item={item} />
      ))}
    </ul>
  );
}
