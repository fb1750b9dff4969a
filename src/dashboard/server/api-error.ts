/**
 * The errors the API answers with: a status and an {@link ApiError} body whose `code` clients can branch on.
 */
import type { ApiError } from "../api-types.js";

/** Codes of API errors. */
export const API_ERROR_CODES = [
  "invalid-query",
  "study-not-found",
  "trial-not-found",
  "not-found",
  "unauthorized",
  "forbidden-host",
  "method-not-allowed",
  "invalid-path",
  "internal",
] as const;

/** One of {@link API_ERROR_CODES}. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * An error an endpoint answers with instead of data.
 * @example
 * throw new ApiRequestError(400, "invalid-query", 'limit must be an integer from 1 to 500, but got "abc".');
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 500,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  /** The response body. */
  body(): ApiError {
    return { error: { code: this.code, message: this.message } };
  }
}

/**
 * A 400 for a bad query parameter.
 * @example
 * throw invalidQuery("objective", "must be an integer from 0 to 1", "7");
 */
export function invalidQuery(name: string, rule: string, got: string): ApiRequestError {
  return new ApiRequestError(
    400,
    "invalid-query",
    `Query parameter "${name}" ${rule}, but got ${JSON.stringify(got)}.`,
  );
}
