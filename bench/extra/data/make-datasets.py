"""Writes the CSV datasets of the training benchmark problems (bench/runner/training.ts).

Run from the repository root with Debian's scikit-learn (python3-sklearn):

    /usr/bin/python3 bench/extra/data/make-datasets.py

Each CSV has a header row: the feature names, then the label (`label`) or regression target (`target`).
Numbers are written with at most 6 significant digits (`%.6g`), integers as integers.
"""

import csv
import os

from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))


def number(x):
    value = float(x)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return "%.6g" % value


def write(name, data, target, target_name):
    path = os.path.join(HERE, name)
    header = [str(f).replace(" ", "_") for f in data.feature_names] + [target_name]
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for row, y in zip(data.data, target):
            out.writerow([number(v) for v in row] + [number(y)])
    print(f"{name}: {len(target)} rows, {len(header) - 1} features")


def main():
    cancer = datasets.load_breast_cancer()
    write("breast-cancer.csv", cancer, cancer.target, "label")
    digits = datasets.load_digits()
    write("digits.csv", digits, digits.target, "label")
    # Unscaled diabetes data (scaled=False is scikit-learn >= 1.1): the original measurements.
    diabetes = datasets.load_diabetes(scaled=False)
    write("diabetes.csv", diabetes, diabetes.target, "target")


if __name__ == "__main__":
    main()
