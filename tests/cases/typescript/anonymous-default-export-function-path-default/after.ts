import type { Request, Response } from "express";

export function isJson(req: Request): boolean {
  return req.is("json") !== false;
}

export default function (req: Request, res: Response): void {
  if (!isJson(req)) {
    res.status(415).end();
    return;
  }
  res.status(200).send("ok");
}
