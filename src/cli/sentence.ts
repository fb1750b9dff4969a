/**
 * `text` ended as a sentence: a "." is added unless it already ends with ".", "!" or "?" (messages that
 * embed another message, such as a trial's fail reason, would otherwise end in "..").
 * @example
 * sentence("the program exited with code 1"); // "the program exited with code 1."
 * sentence("Pruned at step 3."); // "Pruned at step 3."
 */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
