"""Per-trial overhead of Optuna's RDB storage on PostgreSQL, beside bench/postgres-overhead.ts.

Run with Debian's Python (python3-optuna, python3-psycopg2):
    /usr/bin/python3 bench/optuna_rdb_overhead.py [postgresql://postgres@127.0.0.1:5432/test]
A trivial objective (x**2 + log10(y)**2) with the random sampler, sequential, in a fresh schema-less
database table set that is dropped afterwards.
"""
import math
import statistics
import sys
import time
import uuid

import optuna
import sqlalchemy

URL = sys.argv[1] if len(sys.argv) > 1 else "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
N = 500
optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    x = trial.suggest_float("x", -10, 10)
    y = trial.suggest_float("y", 1e-3, 1e3, log=True)
    return x * x + math.log10(y) ** 2


runs = []
for run in range(3):
    storage = optuna.storages.RDBStorage(URL)
    study = optuna.create_study(study_name=f"bench-{uuid.uuid4()}", storage=storage, sampler=optuna.samplers.RandomSampler(seed=run))
    start = time.perf_counter()
    study.optimize(objective, n_trials=N)
    runs.append((time.perf_counter() - start) / N * 1000)
    optuna.delete_study(study_name=study.study_name, storage=storage)
print(f"optuna {optuna.__version__} RDBStorage on PostgreSQL: {statistics.median(runs):.2f} ms/trial (median of 3 runs of {N} trials)")
engine = sqlalchemy.create_engine(URL)
