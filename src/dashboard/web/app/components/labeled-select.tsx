interface Props {
  readonly label: string;
  readonly value: string;
  /** [value, shown text] pairs; the texts are rendered as text. */
  readonly options: readonly (readonly [string, string])[];
  readonly onChange: (value: string) => void;
  /** `data-testid`-style hook for tests. */
  readonly name: string;
}

/**
 * A labelled drop-down.
 * @example
 * <LabeledSelect label="x" name="contour-x" value={x} options={names.map((n) => [n, n])} onChange={setX} />
 */
export function LabeledSelect({ label, value, options, onChange, name }: Props) {
  return (
    <label class="select">
      <span>{label}</span>
      <select
        name={name}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
