export interface User {
  id: string;
  /** @deprecated use displayName */
  displayName: string;
}
