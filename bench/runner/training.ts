/**
 * Training benchmarks: objectives whose value is a real validation loss of a model trained, live and
 * deterministically, with the given hyperparameters on a small public dataset (../extra/data, see its
 * README). Each loads its CSV once, splits it the same fixed way every time, standardizes with the training
 * rows' statistics and starts from a fixed seeded initialization, so equal parameters give equal values.
 * Losses span orders of magnitude: a diverging learning rate scores a large (capped, finite) penalty while
 * good settings differ in the second decimal. Problems: ../extra/problems.json.
 */
import type { TrainingParams } from "./training/data.js";
import { kernelRidgeDiabetes } from "./training/kernel-ridge.js";
import { logregBreastCancer } from "./training/logreg.js";
import { mlpDigits } from "./training/mlp.js";
import { sgdRegressionDiabetes } from "./training/sgd-regression.js";

export { MAX_CROSS_ENTROPY, MAX_RELATIVE_MSE, type TrainingParams } from "./training/data.js";
export { kernelRidgeDiabetes } from "./training/kernel-ridge.js";
export { logregBreastCancer } from "./training/logreg.js";
export { MLP_TRAIN_ROWS, mlpDigits } from "./training/mlp.js";
export { sgdRegressionDiabetes } from "./training/sgd-regression.js";

/**
 * The training objectives by their problems.json `function` name; each takes the active parameters by name
 * and returns the (finite) loss to minimize.
 * @example
 * const f = TRAINING_FUNCTIONS.logreg_breast_cancer;
 * f?.({ lr: 0.1, l2: 1e-4, momentum: 0.9, batch_size: 32, epochs: 20 }); // ≈ 0.04
 */
export const TRAINING_FUNCTIONS: Readonly<Record<string, (params: TrainingParams) => number>> = {
  logreg_breast_cancer: logregBreastCancer,
  mlp_digits: mlpDigits,
  kernel_ridge_diabetes: kernelRidgeDiabetes,
  sgd_regression_diabetes: sgdRegressionDiabetes,
};
