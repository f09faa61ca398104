export enum Status {
  Active = "active",
  Disabled = "disabled",
}

export const DEFAULT_STATUS = Status.Active;
