#!/bin/sh
# A "training run" in plain sh: the loss decays towards (x - 2)^2 + (y + 1)^2 over 8 steps, reported at
# each step so the pruner can stop it. Parameters arrive as arguments (see sweep.yaml) and through
# $TUNEKIT_PARAM_* variables; the helper prints the `tunekit:` lines.
set -eu
. "$TUNEKIT_SHELL_HELPER"
x=$1
y=$(tunekit_param y)
shape=$2
step=0
while [ "$step" -lt 8 ]; do
  loss=$(awk -v x="$x" -v y="$y" -v s="$step" -v shape="$shape" 'BEGIN {
    base = (x - 2) ^ 2 + (y + 1) ^ 2
    if (shape == "bumpy") base += 0.5 * (1 - cos(3 * x))
    printf "%.6f", base + 4 / (s + 1)
  }')
  tunekit_report step="$step" loss="$loss"
  step=$((step + 1))
done
final=$(awk -v x="$x" -v y="$y" -v shape="$shape" 'BEGIN {
  base = (x - 2) ^ 2 + (y + 1) ^ 2
  if (shape == "bumpy") base += 0.5 * (1 - cos(3 * x))
  printf "%.6f", base
}')
tunekit_final loss="$final"
