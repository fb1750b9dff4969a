"""A scikit-learn training script tuned by `tunekit run sweep.yaml` (see README.md beside it).

It trains a linear classifier on the digits dataset (bundled with scikit-learn, no download) with
stochastic gradient descent, one pass over the data per epoch, and reports the validation error after
each epoch so tunekit's pruner can stop hopeless trials early. Run it with Debian's python
(/usr/bin/python3 with python3-sklearn), as the sweep file does.
"""

import warnings

import numpy as np
import tunekit
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

params = tunekit.params()
epochs = int(params["epochs"])

X, y = load_digits(return_X_y=True)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)

model = SGDClassifier(
    loss=params["loss"],
    alpha=params["alpha"],
    penalty=params["penalty"],
    l1_ratio=params.get("l1_ratio", 0.15),
    learning_rate="constant",
    eta0=params["eta0"],
    random_state=tunekit.trial_number() or 0,
)
classes = np.unique(y)
rng = np.random.default_rng(0)
best = 1.0
for epoch in range(epochs):
    order = rng.permutation(len(X_train))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.partial_fit(X_train[order], y_train[order], classes=classes)
    val_error = 1.0 - model.score(X_val, y_val)
    best = min(best, val_error)
    tunekit.report(step=epoch, val_error=val_error)

tunekit.report(val_error=best, final=True)
tunekit.attrs(n_train=int(len(X_train)))
