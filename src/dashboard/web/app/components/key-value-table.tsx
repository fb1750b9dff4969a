import type { ComponentChildren } from "preact";

interface Props {
  readonly rows: readonly (readonly [string, ComponentChildren])[];
  /** Shown instead of an empty table. */
  readonly empty?: string;
  readonly name?: string;
}

/**
 * A two-column table of names and values (all rendered as text).
 * @example
 * <KeyValueTable rows={[["lr", "0.01"]]} />
 */
export function KeyValueTable({ rows, empty = "None.", name }: Props) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <table class="kv" data-kv={name}>
      <tbody>
        {rows.map(([k, v], i) => (
          // Keys can repeat (e.g. a step reported twice), so the index completes the key.
          <tr key={`${i}:${k}`}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
