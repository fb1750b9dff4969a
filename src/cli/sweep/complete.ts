/** `T` with `undefined` removed from every field. */
export type Complete<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/**
 * The fields when every one of them was read (readers return undefined after reporting an issue), else
 * undefined: one typed check instead of a cast per field.
 * @example
 * complete({ parallel: 2, logs: undefined }); // undefined
 */
export function complete<T extends object>(fields: T): Complete<T> | undefined {
  return Object.values(fields).every((v) => v !== undefined) ? (fields as Complete<T>) : undefined;
}
