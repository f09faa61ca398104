export interface User {
  id: string;
  /** @deprecated use displayName */
  name: string;
  displayName: string;
}
