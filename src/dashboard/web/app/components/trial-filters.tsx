import { useState } from "preact/hooks";
import type { ParamValue, TrialState } from "../../../../core.js";
import type { StudyResponse, TrialFilter } from "../../../api-types.js";
import { formatParam } from "../lib/format.js";
import { STATES } from "./state-badges.js";

type ParamFilters = NonNullable<TrialFilter["params"]>;
type Range = { readonly min?: number; readonly max?: number };

interface Props {
  readonly study: StudyResponse;
  readonly states: readonly TrialState[];
  /** Takes an update of the current states, so quick successive clicks never work on a stale copy. */
  readonly onStates: (update: (states: TrialState[]) => TrialState[]) => void;
  readonly params: ParamFilters;
  readonly onParams: (update: (params: ParamFilters) => ParamFilters) => void;
}

const MAX_CHOICE_BOXES = 30;

function parseBound(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function withRange(params: ParamFilters, name: string, range: Range): ParamFilters {
  const { [name]: _, ...rest } = params;
  return range.min === undefined && range.max === undefined ? rest : { ...rest, [name]: range };
}

/**
 * The trial table's filters: which states to show, and a range (numbers) or a set of choices
 * (categoricals) per parameter. Changes apply when an input is committed (Enter or leaving the field).
 * @example
 * <TrialFilters study={study} states={states} onStates={setStates} params={params} onParams={setParams} />
 */
export function TrialFilters({ study, states, onStates, params, onParams }: Props) {
  const toggleState = (s: TrialState, on: boolean): void =>
    onStates((prev) =>
      on ? STATES.filter((x) => x === s || prev.includes(x)) : prev.filter((x) => x !== s),
    );
  return (
    <div class="filters">
      <fieldset class="state-filter">
        <legend>State</legend>
        {STATES.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              name={`state-${s}`}
              checked={states.includes(s)}
              onChange={(e) => toggleState(s, (e.currentTarget as HTMLInputElement).checked)}
            />
            {s.toLowerCase()}
          </label>
        ))}
      </fieldset>
      {study.params.length > 0 && (
        <details class="param-filters" open>
          <summary>Parameter ranges</summary>
          <div class="param-filter-grid">
            {study.params.map(({ name, distribution }) => {
              const current = params[name];
              if (distribution.type === "categorical") {
                const chosen = current !== undefined && "in" in current ? current.in : null;
                const choices = distribution.choices.slice(0, MAX_CHOICE_BOXES);
                const toggle = (c: ParamValue, on: boolean): void =>
                  onParams((prev) => {
                    const was = prev[name];
                    const base = was !== undefined && "in" in was ? was.in : distribution.choices;
                    const next = on ? [...base, c] : base.filter((x) => x !== c);
                    const { [name]: _, ...rest } = prev;
                    return next.length === distribution.choices.length
                      ? rest
                      : { ...rest, [name]: { in: next } };
                  });
                return (
                  <fieldset key={name} class="param-filter" data-param={name}>
                    <legend>{name}</legend>
                    {choices.map((c) => (
                      <label key={JSON.stringify(c)} class="check">
                        <input
                          type="checkbox"
                          checked={chosen === null || chosen.includes(c)}
                          onChange={(e) => toggle(c, (e.currentTarget as HTMLInputElement).checked)}
                        />
                        {formatParam(c)}
                      </label>
                    ))}
                  </fieldset>
                );
              }
              const range: Range = current !== undefined && !("in" in current) ? current : {};
              const commit = (bound: "min" | "max", text: string): void =>
                onParams((prev) => {
                  const was = prev[name];
                  const before: Range = was !== undefined && !("in" in was) ? was : {};
                  return withRange(prev, name, { ...before, [bound]: parseBound(text) });
                });
              return (
                <fieldset key={name} class="param-filter" data-param={name}>
                  <legend>{name}</legend>
                  <BoundInput
                    name={`min-${name}`}
                    label={`${name} at least`}
                    placeholder={`min ${formatParam(distribution.low)}`}
                    value={range.min}
                    onCommit={(text) => commit("min", text)}
                  />
                  <span class="muted">to</span>
                  <BoundInput
                    name={`max-${name}`}
                    label={`${name} at most`}
                    placeholder={`max ${formatParam(distribution.high)}`}
                    value={range.max}
                    onCommit={(text) => commit("max", text)}
                  />
                </fieldset>
              );
            })}
          </div>
        </details>
      )}
    </div>
  );
}

interface BoundInputProps {
  readonly name: string;
  readonly label: string;
  readonly placeholder: string;
  readonly value: number | undefined;
  readonly onCommit: (text: string) => void;
}

/**
 * A number box that keeps what the user is typing as its own draft until it is committed (Enter or
 * leaving the field): live updates re-render the table every few hundred milliseconds, and a box bound
 * straight to the committed filter would be reset under the user's fingers.
 */
function BoundInput({ name, label, placeholder, value, onCommit }: BoundInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      type="number"
      step="any"
      name={name}
      aria-label={label}
      placeholder={placeholder}
      value={draft ?? (value === undefined ? "" : String(value))}
      onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
      onChange={(e) => {
        setDraft(null);
        onCommit((e.currentTarget as HTMLInputElement).value);
      }}
    />
  );
}
