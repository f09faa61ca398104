/** Handles the webhook. */
export const onWebhook = async (req: Request): Promise<Response | null> => {
  return new Response("ok");
};
