import type { StudyResponse } from "../../../api-types.js";

/** What every chart tab receives from the study page. */
export interface PlotProps {
  readonly study: StudyResponse;
  /** Index of the objective the chart shows. */
  readonly objective: number;
  /** Goes up when the study changed; the chart re-fetches. */
  readonly version: number;
}
