/**
 * Compile-time proof that a zod schema describes exactly a contract type (contract/): the schemas
 * validate and document, the contract is what the widget and dashboard compile against, and a field
 * added to, dropped from or retyped in either one, at any depth, fails `npm run typecheck`.
 */
import type { z } from "zod";

/** Plain nested objects, so an interface built with `&` or `extends` compares equal to zod's flattened output. */
type Flat<T> = T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

/** Type identity (not mere assignability, which would let an optional field go missing unnoticed). */
export type Same<A, B> = (<X>() => X extends Flat<A> ? 1 : 2) extends <X>() => X extends Flat<B> ? 1 : 2 ? true : false;

/** Accepts a schema only if its output type is exactly `T`. */
export const mirrors =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S & (Same<z.output<S>, T> extends true ? unknown : never)): S =>
    schema;
