import React from "react";

/**
 * Shows the user's avatar, 48px square.
 * @param url image address
 */
export function Avatar({ url }: { url: string }) {
  return <img className="avatar avatar--48" src={url} alt="" />;
}

/** Shows a user's display name. */

export function UserName({ name }: { name: string }) {
  return <strong>{name}</strong>;
}
