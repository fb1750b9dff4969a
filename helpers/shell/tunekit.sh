# Report to `tunekit run` from a shell script (POSIX sh). Source it; tunekit gives its path in
# TUNEKIT_SHELL_HELPER:
#
#   . "$TUNEKIT_SHELL_HELPER"
#   lr=$(tunekit_param lr)
#   tunekit_report step=3 val_loss=0.41      # intermediate values at step 3
#   tunekit_report val_loss=0.39             # latest values (the last one is the result)
#   tunekit_final val_loss=0.39              # the result, whatever comes later
#   tunekit_constraint memory_over_gb=-0.5   # <= 0 is feasible
#
# Each call prints one `tunekit: {...}` line on stdout (docs/cli.md). Values must be numbers.

# tunekit_param NAME: the value of parameter NAME (empty when the parameter is inactive).
tunekit_param() {
  _tk_var="TUNEKIT_PARAM_$(printf '%s' "$1" | tr 'a-z' 'A-Z' | tr -c 'A-Z0-9\n' '_')"
  eval "printf '%s\n' \"\${$_tk_var-}\""
}

# _tunekit_pairs KEY=NUMBER...: the pairs as JSON members; fails on a malformed pair.
_tunekit_pairs() {
  _tk_out=""
  for _tk_pair in "$@"; do
    _tk_key=${_tk_pair%%=*}
    _tk_value=${_tk_pair#*=}
    case $_tk_key in
      "" | *[!A-Za-z0-9_.-]*) echo "tunekit.sh: bad metric name in '$_tk_pair'" >&2; return 1 ;;
    esac
    if [ "$_tk_key" = "$_tk_pair" ]; then
      echo "tunekit.sh: expected name=value, got '$_tk_pair'" >&2
      return 1
    fi
    if ! printf '%s' "$_tk_value" | grep -Eq '^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|-?Infinity)$'; then
      echo "tunekit.sh: '$_tk_key' must be a JSON number such as 0.5 or 1e-3 (or NaN), got '$_tk_value'" >&2
      return 1
    fi
    _tk_out="$_tk_out${_tk_out:+, }\"$_tk_key\": $_tk_value"
  done
  printf '%s' "$_tk_out"
}

# tunekit_report [step=N] NAME=NUMBER...: reports metric values (at step N: intermediate values).
tunekit_report() {
  _tk_members=$(_tunekit_pairs "$@") || return 1
  printf 'tunekit: {%s}\n' "$_tk_members"
}

# tunekit_final NAME=NUMBER...: reports the trial's result.
tunekit_final() {
  _tk_members=$(_tunekit_pairs "$@") || return 1
  printf 'tunekit: {"final": true, %s}\n' "$_tk_members"
}

# tunekit_constraint NAME=NUMBER...: reports constraint values (<= 0 is feasible).
tunekit_constraint() {
  _tk_members=$(_tunekit_pairs "$@") || return 1
  printf 'tunekit: {"constraints": {%s}}\n' "$_tk_members"
}
