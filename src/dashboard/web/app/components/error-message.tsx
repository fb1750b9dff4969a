import type { ApiRequestError } from "../lib/api.js";

interface Props {
  readonly error: ApiRequestError | Error;
  /** What was being loaded, for the message's first words. */
  readonly what?: string;
}

/**
 * An API or client error as a readable message (never a blank page).
 * @example
 * <ErrorMessage error={state.error} what="the trials" />
 */
export function ErrorMessage({ error, what }: Props) {
  const status = "status" in error && error.status > 0 ? ` (HTTP ${error.status})` : "";
  return (
    <div class="error" role="alert">
      <strong>
        Could not load {what ?? "this view"}
        {status}.
      </strong>{" "}
      {error.message}
    </div>
  );
}
