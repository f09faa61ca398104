export function Begrüßung({ name }: { name: string }) {
  return <p>Grüß Gott, {name} — schön, dass du da bist ☀</p>;
}

export function Übersicht() {
  return <Begrüßung name="Zoë" />;
}
