export type LinkProps = { href: string; external?: boolean };

export function Link({ href, external }: LinkProps) {
  return <a href={href} target={external ? "_blank" : undefined}>{href}</a>;
}
