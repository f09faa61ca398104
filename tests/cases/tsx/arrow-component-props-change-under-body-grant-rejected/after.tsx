import type { ReactNode } from "react";

export interface ButtonProps {
  label: string;
  onClick(): void;
}

export const Button = ({ label, onClick }: ButtonProps & { icon?: ReactNode }) => {
  return (
    <button type="button" onClick={onClick}>
      {label}
    </button>
  );
};

export const Badge = ({ count }: { count: number }) => (
  <span className="badge">{count}</span>
);
