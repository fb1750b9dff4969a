"""Runs Optuna's TPE (`tpe` = univariate, `tpe-mv` = multivariate + group) on the shared benchmark problems
and writes the same JSON-lines fields as ../shared/bench/optuna-4.9.0/*.jsonl, for bench/compare.ts
(--optuna DIR). It runs whichever `optuna` Python imports: Debian's python3-optuna (3.1) by default, or
another version put first on PYTHONPATH (on 2026-11-23 a reconstruction of 4.9's TPE for measurement,
see bench/RESULTS.md; it is not part of this repository). Measurement only.

  /usr/bin/python3 bench/optuna_seeds.py --strategy tpe --problems branin,hpolib_naval --seeds 0-49 \
      --trials 200 --out bench/results/optuna-tpe.jsonl [--check] [--note TEXT]

--check compares each run's values with the shared Optuna 4.9.0 run of the same seed, trial by trial
(how the 4.9 reconstruction was validated). TUNEKIT_BENCH_DIR overrides ../shared/bench.
"""
import argparse, json, math, os, sys, time, statistics
import numpy as np
import optuna

SHARED = os.environ.get(
    "TUNEKIT_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
)

MIXED_OFFSET = {"sgd": 0.3, "adam": 0.0, "rmsprop": 0.1, "adagrad": 0.5}
MIXED_LR = {"sgd": 1e-1, "adam": 1e-3, "rmsprop": 1e-3, "adagrad": 1e-2}


def branin(x):
    x0, x1 = x
    b = 5.1 / (4 * math.pi ** 2); c = 5 / math.pi; t = 1 / (8 * math.pi)
    return (x1 - b * x0 ** 2 + c * x0 - 6) ** 2 + 10 * (1 - t) * math.cos(x0) + 10

H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[p * 1e-4 for p in r] for r in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                                       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]

def hartmann6(x):
    s = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            inner += H_A[i][j] * (x[j] - H_P[i][j]) ** 2
        s += H_ALPHA[i] * math.exp(-inner)
    return -s

def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))

def ackley(x):
    d = len(x)
    sq = sum(v * v for v in x); co = sum(math.cos(2 * math.pi * v) for v in x)
    return -20 * math.exp(-0.2 * math.sqrt(sq / d)) - math.exp(co / d) + 20 + math.e

def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(math.pi * w[0]) ** 2
    for i in range(len(w) - 1):
        s += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)

def styblinski_tang(x):
    return sum(v ** 4 - 16 * v * v + 5 * v for v in x) / 2

VEC = dict(branin=branin, hartmann6=hartmann6, rosenbrock=rosenbrock, ackley=ackley, levy=levy,
           styblinski_tang=styblinski_tang)

def mixed_synth(p):
    o = p["optimizer"]
    return (MIXED_OFFSET[o] + 0.25 * (math.log10(p["lr"]) - math.log10(MIXED_LR[o])) ** 2
            + 0.1 * (p["n_layers"] - 3) ** 2 + (math.log2(p["units"]) - 7) ** 2 / 16 + 2 * (p["dropout"] - 0.2) ** 2)

def conditional_synth(p):
    if p["model"] == "linear":
        return 0.5 + (math.log10(p["linear_C"]) - 1) ** 2 / 16
    if p["model"] == "tree":
        return 0.2 + ((p["tree_depth"] - 8) / 8) ** 2 + (math.log2(p["tree_min_leaf"]) - 3) ** 2 / 16
    u = math.log10(p["net_lr"]) + 2.5
    return u * u / 4 + 0.1 * (1 - math.cos(2 * math.pi * u)) + 0.1 * (p["net_layers"] - 2) ** 2 + 2 * (p["net_dropout"] - 0.3) ** 2

def tabular(problem):
    with open(os.path.join(SHARED, problem["table"])) as f:
        table = json.load(f)
    means = []
    for seeds in table["values"]:
        fin = [v for v in seeds if isinstance(v, (int, float)) and math.isfinite(v)]
        means.append(sum(fin) / len(fin) if fin else math.nan)
    params = table["params"]
    def ev(p):
        i = 0
        for spec in params:
            v = p[spec["name"]]
            k = spec["grid"].index(v) if isinstance(v, str) else v
            i = i * len(spec["grid"]) + k
        return means[i]
    return ev

def expand_space(problem):
    if "space" in problem:
        return problem["space"]
    t = problem["space_template"]
    return [{"name": f"{t['prefix']}{i}", "type": t["type"], "low": t["low"], "high": t["high"], "log": t["log"]}
            for i in range(t["dim"])]

def make_objective(problem):
    if problem["kind"] == "tabular":
        return tabular(problem), False
    fn = problem["function"]
    if fn == "mixed_synth":
        return mixed_synth, False
    if fn == "conditional_synth":
        return conditional_synth, False
    f = VEC[fn]
    names = [s["name"] for s in expand_space(problem)]
    return (lambda p: f([p[n] for n in names])), False

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

def parse_seeds(s):
    if "-" in s:
        a, b = s.split("-"); return list(range(int(a), int(b) + 1))
    if "," in s:
        return [int(x) for x in s.split(",")]
    return list(range(int(s)))

def make_sampler(strategy, seed):
    if strategy == "tpe":
        return optuna.samplers.TPESampler(multivariate=False, seed=seed), {"class": "TPESampler", "multivariate": False}
    if strategy == "tpe-mv":
        return (optuna.samplers.TPESampler(multivariate=True, group=True, seed=seed),
                {"class": "TPESampler", "multivariate": True, "group": True})
    raise ValueError(strategy)

def run_one(problem, strategy, seed, n_trials, note):
    space = expand_space(problem)
    objective, _ = make_objective(problem)
    sampler, cfg = make_sampler(strategy, seed)
    study = optuna.create_study(sampler=sampler, direction=problem["directions"][0])
    values, sample_s, tell_s, obj_s, states, params = [], [], [], [], [], []
    t0 = time.perf_counter()
    for _ in range(n_trials):
        a = time.perf_counter()
        trial = study.ask()
        p = suggest(trial, space)
        b = time.perf_counter()
        v = objective(p)
        c = time.perf_counter()
        study.tell(trial, v)
        d = time.perf_counter()
        values.append(v); sample_s.append(b - a); obj_s.append(c - b); tell_s.append(d - c); states.append("C")
        params.append(p)
    wall = time.perf_counter() - t0
    sign = -1 if problem["directions"][0] == "maximize" else 1
    best_i = min(range(len(values)), key=lambda i: sign * values[i])
    rec = {
        "schema": "hpo-bench-run/1", "library": "optuna", "library_version": optuna.__version__,
        "problem": problem["id"], "strategy": strategy, "sampler": strategy, "pruner": None,
        "sampler_config": cfg, "seed": seed, "directions": problem["directions"], "storage": "memory",
        "values": values, "states": "".join(states), "sample_s": sample_s, "tell_s": tell_s,
        "objective_s": obj_s, "wall_s": wall, "n_trials": n_trials, "best_value": values[best_i],
        "best_trial": best_i, "overhead_s_total": sum(sample_s) + sum(tell_s), "objective_s_total": sum(obj_s),
        "versions": {"optuna": optuna.__version__, "optuna_path": os.path.dirname(optuna.__file__),
                     "numpy": np.__version__, "note": note},
    }
    return rec, params

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strategy", default="tpe")
    ap.add_argument("--problems", default="branin")
    ap.add_argument("--seeds", default="0-4")
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--out", default=None)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--dump-params", default=None)
    ap.add_argument("--note", default="", help="recorded with each run (e.g. which optuna build)")
    args = ap.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    probs = {p["id"]: p for p in json.load(open(os.path.join(SHARED, "problems.json")))["problems"]}
    out = open(args.out, "a") if args.out else None
    for name in args.problems.split(","):
        problem = probs[name]
        ref = {}
        if args.check:
            for line in open(os.path.join(SHARED, "optuna-4.9.0", f"{name}.jsonl")):
                d = json.loads(line)
                if d.get("strategy") == args.strategy:
                    ref[d["seed"]] = d["values"]
        bests = []
        for seed in parse_seeds(args.seeds):
            rec, params = run_one(problem, args.strategy, seed, args.trials, args.note)
            sign = -1 if problem["directions"][0] == "maximize" else 1
            bests.append(sign * min(sign * v for v in rec["values"][:100]))
            if out:
                out.write(json.dumps(rec) + "\n"); out.flush()
            if args.dump_params:
                with open(args.dump_params, "a") as f:
                    f.write(json.dumps({"problem": name, "seed": seed, "params": params, "values": rec["values"]}) + "\n")
            if args.check and seed in ref:
                r = ref[seed]; v = rec["values"]
                n = min(len(r), len(v))
                first = next((i for i in range(n) if not (r[i] == v[i] or abs(r[i] - v[i]) <= 1e-12 * max(1, abs(r[i])))), None)
                exact = sum(1 for i in range(n) if r[i] == v[i])
                maxrel = max(abs(r[i] - v[i]) / max(abs(r[i]), 1e-300) for i in range(n))
                print(f"  {name} {args.strategy} seed {seed}: bit-exact {exact}/{n}, max rel diff {maxrel:.2e}, first mismatch (>1e-12 rel) at trial {first}"
                      + ("" if first is None else f" (ref {r[first]!r} ours {v[first]!r})"), flush=True)
        print(f"{name} {args.strategy}: median best@{min(100,args.trials)} {statistics.median(bests):.6g} over {len(bests)} seeds", flush=True)

if __name__ == "__main__":
    main()
