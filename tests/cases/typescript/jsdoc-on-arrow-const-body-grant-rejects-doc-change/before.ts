/** Handles the webhook. */
export const onWebhook = async (req: Request): Promise<Response> => {
  return new Response("ok");
};
