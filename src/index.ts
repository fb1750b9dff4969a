/**
 * tunekit: hyperparameter optimization for TypeScript and Node.js. Everything in `tunekit/core`, plus
 * the Node-specific set-up (worker ids naming host and process; database storages as they land).
 */
import "./node/setup.js";

export * from "./core.js";
