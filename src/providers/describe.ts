/** The event name and id fields a JSON body carries, for display. */
export function describeFields(payload: unknown, eventKey: string, idKey?: string): { event?: string; id?: string } {
  const p = payload as Record<string, unknown> | null;
  const event = p?.[eventKey];
  const id = idKey ? p?.[idKey] : undefined;
  // Field by field, not spread: the listener describes every request.
  const described: { event?: string; id?: string } = {};
  if (typeof event === "string") described.event = event;
  if (typeof id === "string" || typeof id === "number") described.id = String(id);
  return described;
}
