interface GrußProps {
  name: string;
}

export function Begrüßung({ name }: GrußProps) {
  return <p>Grüß Gott, {name} — schön, dass du da bist ☀</p>;
}

export function Übersicht() {
  return <Begrüßung name="Zoë" />;
}
