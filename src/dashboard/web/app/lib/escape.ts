const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * `text` with HTML's special characters as entities. Plotly reads a subset of HTML in every label,
 * tick and hover text, so each user-supplied string goes through this before it reaches a chart.
 * @example
 * escapeHtml("<b>lr</b>"); // "&lt;b&gt;lr&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
