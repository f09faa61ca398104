export enum Status {
  Active = "active",
  Disabled = "disabled",
  Pending = "pending",
}

export const DEFAULT_STATUS = Status.Active;
