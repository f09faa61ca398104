import type { APIGatewayEvent } from "aws-lambda";

const TIMEOUT_MS = 3000;

export const handler = async (event: APIGatewayEvent): Promise<Response> => {
  const body = JSON.parse(event.body ?? "{}");
  if (!body.id) {
    return new Response("missing id", { status: 400 });
  }
  return new Response(JSON.stringify(body), { status: 200 });
};

export const healthcheck = () => ({ ok: true });
