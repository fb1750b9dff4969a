import type { ComponentType } from "preact";
import { useState } from "preact/hooks";
import type { StudyResponse } from "../../../api-types.js";
import { apiUrl } from "../lib/api.js";
import { useEventVersion } from "../lib/events.js";
import { studyHref } from "../lib/route.js";
import { useApi } from "../lib/use-api.js";
import { ContourPlot } from "../plots/contour-plot.js";
import { EdfPlot } from "../plots/edf-plot.js";
import { HistoryPlot } from "../plots/history-plot.js";
import { ImportancePlot } from "../plots/importance-plot.js";
import { IntermediatePlot } from "../plots/intermediate-plot.js";
import { ParallelPlot } from "../plots/parallel-plot.js";
import { ParetoPlot } from "../plots/pareto-plot.js";
import type { PlotProps } from "../plots/plot-props.js";
import { SlicePlot } from "../plots/slice-plot.js";
import { TimelinePlot } from "../plots/timeline-plot.js";
import { ErrorMessage } from "./error-message.js";
import { LabeledSelect } from "./labeled-select.js";
import { StudyHeader } from "./study-header.js";
import { type Tab, Tabs } from "./tabs.js";
import { TrialTable } from "./trial-table.js";

interface View extends Tab {
  readonly shown: (study: StudyResponse) => boolean;
  readonly Component: ComponentType<PlotProps>;
  /** Whether the objective selector applies to this view. */
  readonly perObjective: boolean;
}

const VIEWS: readonly View[] = [
  { id: "history", label: "History", shown: () => true, Component: HistoryPlot, perObjective: true },
  {
    id: "intermediate",
    label: "Learning curves",
    shown: (s) => s.hasIntermediate,
    Component: IntermediatePlot,
    perObjective: true,
  },
  {
    id: "parallel",
    label: "Parallel coordinates",
    shown: () => true,
    Component: ParallelPlot,
    perObjective: true,
  },
  { id: "contour", label: "Contour", shown: () => true, Component: ContourPlot, perObjective: true },
  { id: "slice", label: "Slice", shown: () => true, Component: SlicePlot, perObjective: true },
  { id: "edf", label: "EDF", shown: () => true, Component: EdfPlot, perObjective: true },
  {
    id: "importance",
    label: "Importance",
    shown: (s) => s.params.length > 0,
    Component: ImportancePlot,
    perObjective: false,
  },
  { id: "timeline", label: "Timeline", shown: () => true, Component: TimelinePlot, perObjective: false },
  {
    id: "pareto",
    label: "Pareto front",
    shown: (s) => s.directions.length === 2 || s.directions.length === 3,
    Component: ParetoPlot,
    perObjective: false,
  },
  {
    id: "trials",
    label: "Trials",
    shown: () => true,
    Component: ({ study, version }) => <TrialTable study={study} version={version} />,
    perObjective: false,
  },
];

/**
 * A study's page: header and budget, an objective selector for multi-objective studies, and one tab
 * per view. Re-fetches what it shows (at most every 0.7 s) when the server reports new trials.
 * @example
 * <StudyPage name="mnist" tab="contour" />
 */
export function StudyPage({ name, tab }: { readonly name: string; readonly tab: string | null }) {
  const version = useEventVersion((e) => e.type === "study" && e.study.name === name);
  const { data: study, error } = useApi<StudyResponse>(apiUrl(["studies", name]), version);
  const [objective, setObjective] = useState(0);

  if (study === undefined) {
    return error === undefined ? (
      <p class="muted">Loading study…</p>
    ) : (
      <ErrorMessage error={error} what={`the study "${name}"`} />
    );
  }
  const views = VIEWS.filter((v) => v.shown(study));
  const view = views.find((v) => v.id === tab) ?? views[0];
  if (view === undefined) return null;
  const objectiveIndex = Math.min(objective, study.objectiveNames.length - 1);
  return (
    <div class="study-page">
      {error !== undefined && <ErrorMessage error={error} what="the latest changes" />}
      <StudyHeader study={study} />
      <div class="view-bar">
        <Tabs tabs={views} active={view.id} href={(id) => studyHref(name, id)} />
        {study.objectiveNames.length > 1 && view.perObjective && (
          <LabeledSelect
            label="Objective"
            name="objective"
            value={String(objectiveIndex)}
            options={study.objectiveNames.map((n, i) => [String(i), n] as const)}
            onChange={(v) => setObjective(Number(v))}
          />
        )}
      </div>
      <view.Component study={study} objective={objectiveIndex} version={version} />
    </div>
  );
}
