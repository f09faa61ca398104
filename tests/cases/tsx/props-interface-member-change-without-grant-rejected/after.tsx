import type { ReactNode } from "react";

export interface ButtonProps {
  label: ReactNode;
  onClick(): void;
}

export const Button = ({ label, onClick }: ButtonProps) => {
  return (
    <button type="button" onClick={onClick}>
      {label}
    </button>
  );
};

interface BadgeProps {
  count: number;
}

export const Badge = ({ count }: BadgeProps) => (
  <span className="badge">{count}</span>
);
