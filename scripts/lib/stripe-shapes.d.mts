// Types for stripe-shapes.mjs, for the tests that check fixtures with it.
export type Shape =
  | { kind: "any" | "string" | "otherString" | "number" | "boolean" | "null" | "decimal" }
  | { kind: "literal"; value: string | number | boolean }
  | { kind: "array"; element: Shape }
  | { kind: "union"; members: Shape[] }
  | { kind: "object"; name: string; props: Map<string, { optional: boolean; type: Shape }>; index?: Shape };

export interface ShapeError {
  path: string;
  message: string;
}

export interface StripeShapes {
  packageName: string;
  version: string;
  events: Map<string, { event: Shape; object: Shape; objectName: string; doc: string }>;
}

export const STRIPE_PACKAGES: string[];
export function loadStripeShapes(packageName?: string): StripeShapes;
export function loadStripeTypes(typeNames: string[], packageName?: string): Map<string, Shape>;
export function checkShape(value: unknown, desc: Shape, path?: string, partial?: boolean): ShapeError[];
export function checkEvent(event: unknown, shapes: StripeShapes): ShapeError[];
export function isExpandable(desc: Shape): boolean;
export function allowedLiterals(desc: Shape): (string | number | boolean)[] | undefined;

export interface ThinShapes {
  packageName: string;
  events: Map<string, { event: Shape; related: Shape | undefined; singleton: boolean; doc: string }>;
}
export function loadThinShapes(packageName?: string): ThinShapes;
