function parseDate(s: string): Date {
  return new Date(s);
}

function formatDate(d: Date): string {
  return d.toISOString();
}

export { parseDate, formatDate };
