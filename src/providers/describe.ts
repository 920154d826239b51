/** The event name and id fields a JSON body carries, for display. */
export function describeFields(payload: unknown, eventKey: string, idKey?: string): { event?: string; id?: string } {
  const p = payload as Record<string, unknown> | null;
  const event = p?.[eventKey];
  const id = idKey ? p?.[idKey] : undefined;
  return { ...(typeof event === "string" ? { event } : {}), ...(typeof id === "string" || typeof id === "number" ? { id: String(id) } : {}) };
}
