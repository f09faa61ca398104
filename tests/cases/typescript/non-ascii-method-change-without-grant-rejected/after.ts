const GRUSS = "Grüße aus Köln – naïve café ☕";

export function größeBerechnen(breite: number, höhe: number): number {
  return breite * höhe;
}

export class Küche {
  öffnen(tür: string): string {
    return `${GRUSS} — ${tür}`;
  }
}
