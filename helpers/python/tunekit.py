"""Report to `tunekit run` from a Python program. No dependencies; Python 3.6+.

tunekit puts this folder on PYTHONPATH for every trial, so `import tunekit` just works:

    import tunekit

    params = tunekit.params()                 # {"lr": 0.01, "layers": 2, ...}
    for epoch in range(epochs):
        ...
        tunekit.report(step=epoch, val_loss=val_loss, accuracy=acc)   # intermediate values
    tunekit.report(val_loss=best_val_loss, final=True)                # the result (optional)
    tunekit.constraint(memory_over_gb=peak_gb - 4.0)                   # <= 0 is feasible
    tunekit.attrs(n_features=X.shape[1])

Each call prints one `tunekit: {...}` line on stdout and flushes it, which is the whole protocol
(docs/cli.md). When the pruner stops the trial, the program receives SIGTERM (then SIGKILL after the
sweep's killGrace); nothing needs to be checked here.
"""

import json
import os
import sys

__all__ = ["params", "param", "report", "constraint", "attrs", "trial_number", "study_name"]


def params():
    """The trial's parameters as a dict (from the JSON file tunekit writes for each trial)."""
    path = os.environ.get("TUNEKIT_PARAMS_FILE")
    if not path:
        raise RuntimeError("TUNEKIT_PARAMS_FILE is not set: run this program through `tunekit run`.")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def param(name, default=None):
    """One parameter's value, or `default` when the parameter is inactive (a conditional one)."""
    return params().get(name, default)


def trial_number():
    """The trial's number in its study, or None outside tunekit."""
    value = os.environ.get("TUNEKIT_TRIAL_NUMBER")
    return None if value is None else int(value)


def study_name():
    """The study's name, or None outside tunekit."""
    return os.environ.get("TUNEKIT_STUDY")


def _emit(message):
    sys.stdout.write("tunekit: " + json.dumps(message) + "\n")
    sys.stdout.flush()


def report(step=None, final=False, **metrics):
    """Reports metric values: at `step` (an int >= 0) they are intermediate values the pruner reads;
    without a step they are just the latest values; with final=True they are the trial's result."""
    if not metrics:
        raise ValueError("report(): give at least one metric, e.g. report(step=3, val_loss=0.41)")
    message = {}
    if step is not None:
        if isinstance(step, bool) or int(step) != step or step < 0:
            raise ValueError("report(): step must be an integer >= 0, got %r" % (step,))
        message["step"] = int(step)
    if final:
        message["final"] = True
    for name, value in metrics.items():
        message[name] = float(value)
    _emit(message)


def constraint(**values):
    """Reports constraint values; a trial is feasible when every one is <= 0."""
    _emit({"constraints": {name: float(value) for name, value in values.items()}})


def attrs(**values):
    """Attaches JSON-serializable attributes to the trial (shown by `tunekit trials` and the dashboard)."""
    _emit({"attrs": values})
