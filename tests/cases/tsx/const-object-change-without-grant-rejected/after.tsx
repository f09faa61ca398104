import { createContext } from "react";

export const theme = { primary: "#0044cc", radius: 4 };
export const ThemeContext = createContext(theme);

export interface CardProps {
  title: string;
}

export const Card = ({ title }: CardProps) => {
  return (
    <section style={{ borderRadius: theme.radius }}>
      <h3>{title}</h3>
    </section>
  );
};
