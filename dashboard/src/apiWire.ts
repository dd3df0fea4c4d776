import type { z } from 'zod';

/**
 * A server schema's answer as it arrives over the wire: dates are ISO strings, and everything is readonly.
 * The dashboard's API types are `Wire<z.output<typeof someSchema>>` of the schemas the server's routes validate and
 * serialise with (`src/http/schemas/`), imported as types only, so the browser build carries no server code.
 *
 * @example export type User = WireOf<typeof userSchema>;
 */
export type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? readonly Wire<U>[] : T extends object ? { readonly [K in keyof T]: Wire<T[K]> } : T;

/** {@link Wire} of a zod schema's output. */
export type WireOf<S extends z.ZodType> = Wire<z.output<S>>;
