import React from "react";

/**
 * Shows the user's avatar.
 * @param url image address
 */
export function Avatar({ url }: { url: string }) {
  return <img className="avatar" src={url} alt="" />;
}

/** Shows a user's display name. */

export function UserName({ name }: { name: string }) {
  return <strong>{name}</strong>;
}
