import { createContext } from "react";

export const theme = { primary: "#0044cc", radius: 4 };
export const ThemeContext = createContext(theme);

export const Card = ({ title }: { title: string }) => {
  return (
    <section style={{ borderRadius: theme.radius }}>
      <h3>{title}</h3>
    </section>
  );
};
