const GRUSS = "Grüße aus Köln – naïve café ☕";

export function größeBerechnen(breite: number, höhe: number): number {
  const fläche = breite * höhe;
  return Math.abs(fläche);
}

export class Küche {
  öffnen(tür: string): string {
    return `${GRUSS}: ${tür}`;
  }
}
