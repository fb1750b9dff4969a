/** One tab: its route segment and label. */
export interface Tab {
  readonly id: string;
  readonly label: string;
}

interface Props {
  readonly tabs: readonly Tab[];
  readonly active: string;
  /** The link of a tab (tabs are hash routes, so the back button and reloads keep them). */
  readonly href: (id: string) => string;
}

/**
 * A row of tab links.
 * @example
 * <Tabs tabs={[{ id: "history", label: "History" }]} active="history" href={(id) => studyHref(name, id)} />
 */
export function Tabs({ tabs, active, href }: Props) {
  return (
    <nav class="tabs" aria-label="Views">
      {tabs.map((t) => (
        <a
          key={t.id}
          href={href(t.id)}
          class={t.id === active ? "tab active" : "tab"}
          aria-current={t.id === active ? "page" : undefined}
          data-tab={t.id}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
