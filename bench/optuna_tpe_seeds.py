"""Optuna's univariate TPE over many seeds on mixed_synth, conditional_synth and hpolib_naval.

The shared per-seed results of Optuna 4.9 hold 5 seeds per problem, too few to tell a 1.5x median gap
from seed noise. This script gives a 50-seed baseline from the Optuna that Debian ships:
    /usr/bin/python3 bench/optuna_tpe_seeds.py [--seeds 50] [--trials 100] [--problems a,b] [--out F]
(python3-optuna: Optuna 3.1). Problem definitions follow ../shared/bench/README.md and problems.json:
parameters suggested in list order, inactive conditional ones skipped; hpolib_naval's int parameters
are indices into the table's grids. Prints per problem the median best value after --trials trials and
the per-seed values; --out writes one JSON line per run in the fields bench/compare.ts reads.

Optuna 3.1's TPE differs from 4.9's in two details: a univariate kernel's width counts the prior's
centre as a neighbour (removed before 4.9, optuna PR #6574), and a log-scaled int is scored by its density
at log(v) instead of the mass of [log(v - 1/2), log(v + 1/2)] (changed before 4.9, optuna PR #6258).
"""
import argparse
import json
import math
import os
import statistics

import optuna

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "bench")

MIXED_OFFSET = {"sgd": 0.3, "adam": 0.0, "rmsprop": 0.1, "adagrad": 0.5}
MIXED_LR = {"sgd": 1e-1, "adam": 1e-3, "rmsprop": 1e-3, "adagrad": 1e-2}


def mixed_synth(p):
    o = p["optimizer"]
    return (
        MIXED_OFFSET[o]
        + 0.25 * (math.log10(p["lr"]) - math.log10(MIXED_LR[o])) ** 2
        + 0.1 * (p["n_layers"] - 3) ** 2
        + (math.log2(p["units"]) - 7) ** 2 / 16
        + 2 * (p["dropout"] - 0.2) ** 2
    )


def conditional_synth(p):
    if p["model"] == "linear":
        return 0.5 + (math.log10(p["linear_C"]) - 1) ** 2 / 16
    if p["model"] == "tree":
        return 0.2 + ((p["tree_depth"] - 8) / 8) ** 2 + (math.log2(p["tree_min_leaf"]) - 3) ** 2 / 16
    u = math.log10(p["net_lr"]) + 2.5
    return (
        u * u / 4
        + 0.1 * (1 - math.cos(2 * math.pi * u))
        + 0.1 * (p["net_layers"] - 2) ** 2
        + 2 * (p["net_dropout"] - 0.3) ** 2
    )


def tabular(problem):
    """The seed-mean lookup of a table, addressed by grid indices (categoricals by choice)."""
    with open(os.path.join(SHARED, problem["table"])) as f:
        table = json.load(f)
    means = []
    for seeds in table["values"]:
        finite = [v for v in seeds if isinstance(v, (int, float)) and math.isfinite(v)]
        means.append(sum(finite) / len(finite) if finite else math.nan)
    params = table["params"]

    def evaluate(p):
        i = 0
        for spec in params:
            value = p[spec["name"]]
            k = spec["grid"].index(value) if isinstance(value, str) else value
            i = i * len(spec["grid"]) + k
        return means[i]

    return evaluate


def suggest(trial, space):
    params = {}
    for spec in space:
        cond = spec.get("condition")
        if cond is not None and params.get(cond["param"]) not in cond["in"]:
            continue
        name = spec["name"]
        if spec["type"] == "categorical":
            params[name] = trial.suggest_categorical(name, spec["choices"])
        elif spec["type"] == "int":
            params[name] = trial.suggest_int(name, spec["low"], spec["high"], log=spec.get("log", False))
        else:
            params[name] = trial.suggest_float(name, spec["low"], spec["high"], log=spec.get("log", False))
    return params


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--problems", default="mixed_synth,conditional_synth,hpolib_naval")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with open(os.path.join(SHARED, "problems.json")) as f:
        problems = {p["id"]: p for p in json.load(f)["problems"]}
    out = open(args.out, "w") if args.out else None
    for name in args.problems.split(","):
        problem = problems[name]
        if name == "mixed_synth":
            evaluate = mixed_synth
        elif name == "conditional_synth":
            evaluate = conditional_synth
        else:
            evaluate = tabular(problem)
        best = []
        for seed in range(args.seeds):
            sampler = optuna.samplers.TPESampler(seed=seed, multivariate=False)
            study = optuna.create_study(sampler=sampler, direction=problem["directions"][0])
            study.optimize(lambda t: evaluate(suggest(t, problem["space"])), n_trials=args.trials)
            values = [t.value for t in study.trials]
            best.append(min(values))
            if out is not None:
                row = {
                    "schema": "hpo-bench-run/1",
                    "library": "optuna",
                    "library_version": optuna.__version__,
                    "problem": name,
                    "strategy": "tpe",
                    "sampler_config": {"class": "TPESampler", "multivariate": False},
                    "seed": seed,
                    "directions": problem["directions"],
                    "values": values,
                    "states": "C" * len(values),
                    "best_value": min(values),
                }
                out.write(json.dumps(row) + "\n")
        print(f"{name}: optuna {optuna.__version__} tpe, {args.seeds} seeds, "
              f"median best@{args.trials} {statistics.median(best):.6g}")
        print("  per seed:", " ".join(f"{v:.6g}" for v in best))
    if out is not None:
        out.close()


if __name__ == "__main__":
    main()
