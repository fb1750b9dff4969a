import {
  DuplicatedStudyError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialNotRunningError,
} from "../../errors.js";
import { type FrozenTrial, type JsonValue, TRIAL_STATES, type TrialState } from "../../trial/frozen-trial.js";
import { checkCount, checkLeaseSeconds, freezeJson } from "../record-freeze.js";
import { mergeStudyPatch, newStudyRecord } from "../record-merge.js";
import type {
  ClaimRequest,
  FinishResult,
  NewStudy,
  NewTrial,
  ReapOptions,
  StateRecord,
  Storage,
  StorageCapabilities,
  StudyPatch,
  StudyRecord,
  StudySummary,
  TrialChanges,
  TrialOutcome,
  TrialPatch,
} from "../storage.js";
import { blankTrial, type TrialDraft } from "../trial-record.js";
import {
  checkClaim,
  claimedTrial,
  countsTowardMax,
  createdTrial,
  finishedTrial,
  heartbeatTrial,
  notRunningMessage,
  retriedTrial,
  retryCountOf,
  staleTrial,
  updatedTrial,
} from "../trial-transitions.js";
import { decodeJson, encodeJson } from "./json-codec.js";
import {
  counters,
  type StudyRow,
  studyBody,
  studyFromRow,
  TRIAL_COLUMNS,
  type TrialRow,
  trialFromRow,
  trialValues,
} from "./rows.js";
import type { SqlDialect, SqlExecutor } from "./sql-dialect.js";

const INSERT_TRIAL = `INSERT INTO tunekit_trials (study_id, number, ${TRIAL_COLUMNS.join(", ")}) VALUES (?, ?, ${TRIAL_COLUMNS.map(() => "?").join(", ")}) RETURNING trial_id`;
const UPDATE_TRIAL = `UPDATE tunekit_trials SET ${TRIAL_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE trial_id = ?`;

/** A study row locked for this transaction, with its counters to advance. */
interface LockedStudy {
  readonly studyId: number;
  /** The database clock, read with the lock. */
  readonly now: number;
  seq: number;
  nextNumber: number;
  started: number;
}

/**
 * The storage contract over a relational database, shared by SQLite and PostgreSQL: the dialect supplies
 * connections, transactions and locking; this class holds the schema's logic. Records are computed by the
 * same transitions as the memory storage (`trial-transitions.ts`), so every back-end merges alike.
 *
 * Every write is one short transaction that first locks the study row and advances its `seq`, so a
 * study's writes commit in `seq` order and `getTrialsSince` never skips one.
 * @example
 * const storage = new SqlStorage(await SqliteDialect.open({ path: "tunekit.db" }));
 */
export class SqlStorage implements Storage {
  readonly capabilities: StorageCapabilities = Object.freeze({ persistent: true, multiProcess: true });
  private closed = false;
  /** Trial id → study id (immutable facts), so locating a trial's study usually costs no query. */
  private readonly owners = new Map<number, number>();

  constructor(private readonly dialect: SqlDialect) {}

  /** The URL that opens this database again, from another thread or process. */
  get url(): string {
    return this.dialect.url;
  }

  async createStudy(study: NewStudy): Promise<StudyRecord> {
    this.checkOpen("createStudy");
    const write = this.dialect.write(async (sql) => {
      const now = await sql.now();
      const draft = newStudyRecord(0, study, now);
      const taken = await sql.get<{ study_id: number }>(
        "SELECT study_id FROM tunekit_studies WHERE name = ?",
        [draft.name],
      );
      if (taken !== undefined) throw duplicated(draft.name, taken.study_id);
      const row = await sql.get<{ study_id: number | string }>(
        "INSERT INTO tunekit_studies (name, created_at, last_activity, schema_version, body) VALUES (?, ?, ?, ?, ?) RETURNING study_id",
        [draft.name, now, now, draft.schemaVersion, studyBody(draft)],
      );
      return Object.freeze({ ...draft, studyId: Number(row?.study_id) });
    });
    try {
      return await write;
    } catch (error) {
      // Another process created the same name between our check and our insert.
      if (this.dialect.isUniqueViolation(error)) throw duplicated(study.name, Number.NaN);
      throw error;
    }
  }

  async getStudy(name: string): Promise<StudyRecord | null> {
    this.checkOpen("getStudy");
    const row = await this.dialect.read((sql) =>
      sql.get<StudyRow>("SELECT * FROM tunekit_studies WHERE name = ?", [name]),
    );
    return row === undefined ? null : studyFromRow(row);
  }

  async listStudies(): Promise<StudySummary[]> {
    this.checkOpen("listStudies");
    return this.dialect.read(async (sql) => {
      const studies = await sql.all<StudyRow>("SELECT * FROM tunekit_studies ORDER BY name");
      const counts = await sql.all<{ study_id: number | string; state: string; n: number | string }>(
        "SELECT study_id, state, COUNT(*) AS n FROM tunekit_trials GROUP BY study_id, state",
      );
      const best = await sql.all<{ study_id: number | string; lo: number | null; hi: number | null }>(
        "SELECT study_id, MIN(value0) AS lo, MAX(value0) AS hi FROM tunekit_trials WHERE state = 'COMPLETE' AND feasible = 1 GROUP BY study_id",
      );
      return studies.map((row) => {
        const study = studyFromRow(row);
        const trialCounts = Object.fromEntries(TRIAL_STATES.map((s) => [s, 0])) as Record<TrialState, number>;
        for (const c of counts)
          if (Number(c.study_id) === study.studyId) trialCounts[c.state as TrialState] = Number(c.n);
        const b = best.find((x) => Number(x.study_id) === study.studyId);
        const value =
          b === undefined || study.directions.length !== 1
            ? null
            : study.directions[0] === "minimize"
              ? b.lo
              : b.hi;
        return Object.freeze({
          study,
          trialCounts: Object.freeze(trialCounts),
          bestValue: value === null ? null : Number(value),
        });
      });
    });
  }

  async updateStudy(studyId: number, patch: StudyPatch): Promise<StudyRecord> {
    this.checkOpen("updateStudy");
    return this.dialect.write(async (sql) => {
      const row = await this.studyRow(sql, studyId, "updateStudy", this.dialect.lockRows);
      const now = await sql.now();
      const next = mergeStudyPatch(studyFromRow(row), patch, now);
      await sql.run("UPDATE tunekit_studies SET body = ?, last_activity = ? WHERE study_id = ?", [
        studyBody(next),
        now,
        studyId,
      ]);
      return next;
    });
  }

  async deleteStudy(studyId: number): Promise<void> {
    this.checkOpen("deleteStudy");
    await this.dialect.write(async (sql) => {
      await this.studyRow(sql, studyId, "deleteStudy", this.dialect.lockRows);
      await sql.run("DELETE FROM tunekit_state WHERE study_id = ?", [studyId]);
      await sql.run("DELETE FROM tunekit_trials WHERE study_id = ?", [studyId]);
      await sql.run("DELETE FROM tunekit_studies WHERE study_id = ?", [studyId]);
    });
  }

  async createTrial(studyId: number, trial: NewTrial): Promise<FrozenTrial> {
    this.checkOpen("createTrial");
    return this.dialect.write(async (sql) => {
      const study = await this.lockStudy(sql, studyId, "createTrial");
      const now = study.now;
      const draft = createdTrial(trial, 0, study.nextNumber, now, `createTrial(study ${studyId})`);
      study.nextNumber++;
      return this.insert(sql, study, draft, now);
    });
  }

  async claimTrial(studyId: number, request: ClaimRequest): Promise<FrozenTrial | null> {
    this.checkOpen("claimTrial");
    const claim = checkClaim(request, `claimTrial(study ${studyId})`);
    return this.dialect.write(async (sql) => {
      const study = await this.lockStudy(sql, studyId, "claimTrial");
      if (claim.maxTrials !== null && study.started >= claim.maxTrials) return null;
      const now = study.now;
      const waiting = await sql.get<TrialRow>(
        `SELECT * FROM tunekit_trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1${this.dialect.skipLocked}`,
        [studyId],
      );
      if (waiting !== undefined) {
        const previous = trialFromRow(waiting);
        return this.update(sql, study, claimedTrial(previous, claim, now), now, previous);
      }
      const draft = claimedTrial(blankTrial(0, study.nextNumber, "RUNNING"), claim, now);
      study.nextNumber++;
      return this.insert(sql, study, draft, now);
    });
  }

  async updateTrial(trialId: number, patch: TrialPatch): Promise<FrozenTrial> {
    this.checkOpen("updateTrial");
    return this.dialect.write(async (sql) => {
      const { study, previous } = await this.lockTrial(sql, trialId, "updateTrial");
      const where = `updateTrial(trial ${previous.number} of study ${study.studyId})`;
      if (previous.state !== "RUNNING") {
        throw new TrialNotRunningError(notRunningMessage(where, previous.state), {
          name: "trialId",
          value: trialId,
        });
      }
      const now = study.now;
      return this.update(sql, study, updatedTrial(previous, patch, now, where), now, previous);
    });
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishResult> {
    this.checkOpen("finishTrial");
    return this.dialect.write(async (sql) => {
      const { study, previous } = await this.lockTrial(sql, trialId, "finishTrial");
      if (previous.state !== "RUNNING") return Object.freeze({ ok: false, trial: previous });
      const now = study.now;
      const draft = finishedTrial(
        previous,
        outcome,
        now,
        `finishTrial(trial ${previous.number} of study ${study.studyId})`,
      );
      return Object.freeze({ ok: true, trial: await this.update(sql, study, draft, now, previous) });
    });
  }

  async getTrial(trialId: number): Promise<FrozenTrial | null> {
    this.checkOpen("getTrial");
    const row = await this.dialect.read((sql) =>
      sql.get<TrialRow>("SELECT * FROM tunekit_trials WHERE trial_id = ?", [trialId]),
    );
    return row === undefined ? null : trialFromRow(row);
  }

  async getTrialsSince(studyId: number, cursor: number): Promise<TrialChanges> {
    this.checkOpen("getTrialsSince");
    if (typeof cursor !== "number" || Number.isNaN(cursor)) {
      throw new StorageError(
        `getTrialsSince(study ${studyId}): cursor must be a number, but got ${String(cursor)}. Pass 0 or a cursor this storage returned.`,
      );
    }
    // One statement is one snapshot: the study's seq and the changed trials are read consistently
    // without an explicit transaction (a single round trip on PostgreSQL).
    const rows = await this.dialect.readStatement((sql) =>
      sql.all<TrialRow & { study_seq: number | string; trial_id: number | string | null }>(
        "SELECT t.*, s.seq AS study_seq FROM tunekit_studies s LEFT JOIN tunekit_trials t ON t.study_id = s.study_id AND t.seq > ? WHERE s.study_id = ? ORDER BY t.number",
        [cursor, studyId],
      ),
    );
    if (rows.length === 0) await this.dialect.read((sql) => this.studyRow(sql, studyId, "getTrialsSince"));
    const changed = rows.filter((r) => r.trial_id !== null);
    return Object.freeze({
      trials: Object.freeze(changed.map(trialFromRow)),
      cursor: Math.max(cursor, Number(rows[0]?.study_seq ?? cursor)),
    });
  }

  async heartbeat(trialIds: readonly number[], leaseSeconds: number): Promise<void> {
    this.checkOpen("heartbeat");
    const seconds = checkLeaseSeconds(leaseSeconds, "heartbeat: leaseSeconds");
    for (const trialId of trialIds) {
      await this.dialect.write(async (sql) => {
        const located = await this.lockTrial(sql, trialId, "heartbeat", false);
        if (located === null) return;
        const { study, previous } = located;
        if (previous.state !== "RUNNING" || previous.leaseExpiresAt === null) return;
        const now = study.now;
        await this.update(sql, study, heartbeatTrial(previous, seconds, now), now, previous);
      });
    }
  }

  async reapStaleTrials(studyId: number, options: ReapOptions = {}): Promise<FrozenTrial[]> {
    this.checkOpen("reapStaleTrials");
    const maxRetries =
      options.maxRetries == null ? 0 : checkCount(options.maxRetries, "reapStaleTrials: maxRetries");
    return this.dialect.write(async (sql) => {
      const study = await this.lockStudy(sql, studyId, "reapStaleTrials");
      const now = study.now;
      const rows = await sql.all<TrialRow>(
        "SELECT * FROM tunekit_trials WHERE study_id = ? AND state = 'RUNNING' AND lease_expires_at < ? ORDER BY number",
        [studyId, now],
      );
      const reaped: FrozenTrial[] = [];
      for (const row of rows) {
        const running = trialFromRow(row);
        const stale = await this.update(sql, study, staleTrial(running, now), now, running);
        reaped.push(stale);
        if (retryCountOf(stale) < maxRetries) {
          const retry = retriedTrial(stale, 0, study.nextNumber++, now, `reapStaleTrials(study ${studyId})`);
          await this.insert(sql, study, retry, now);
        }
      }
      return reaped;
    });
  }

  async getState(studyId: number, key: string): Promise<StateRecord | null> {
    this.checkOpen("getState");
    return this.dialect.read(async (sql) => {
      await this.studyRow(sql, studyId, "getState");
      const row = await sql.get<{ version: number | string; value: string }>(
        "SELECT version, value FROM tunekit_state WHERE study_id = ? AND key = ?",
        [studyId, key],
      );
      return row === undefined
        ? null
        : Object.freeze({ version: Number(row.version), value: decodeJson<JsonValue>(row.value) });
    });
  }

  async compareAndSetState(
    studyId: number,
    key: string,
    expectedVersion: number,
    value: JsonValue,
  ): Promise<StateRecord | null> {
    this.checkOpen("compareAndSetState");
    const where = `compareAndSetState(study ${studyId}, "${key}")`;
    checkCount(expectedVersion, `${where}: expectedVersion`);
    const frozen = freezeJson(value, `${where}: value`);
    return this.dialect.write(async (sql) => {
      const study = await this.lockStudy(sql, studyId, "compareAndSetState");
      const row = await sql.get<{ version: number | string }>(
        `SELECT version FROM tunekit_state WHERE study_id = ? AND key = ?${this.dialect.lockRows}`,
        [studyId, key],
      );
      const version = row === undefined ? 0 : Number(row.version);
      if (version !== expectedVersion) return null;
      if (row === undefined) {
        await sql.run("INSERT INTO tunekit_state (study_id, key, version, value) VALUES (?, ?, 1, ?)", [
          studyId,
          key,
          encodeJson(frozen),
        ]);
      } else {
        await sql.run("UPDATE tunekit_state SET version = ?, value = ? WHERE study_id = ? AND key = ?", [
          version + 1,
          encodeJson(frozen),
          studyId,
          key,
        ]);
      }
      await sql.run("UPDATE tunekit_studies SET last_activity = ? WHERE study_id = ?", [
        await sql.now(),
        study.studyId,
      ]);
      return Object.freeze({ version: version + 1, value: frozen });
    });
  }

  async now(): Promise<number> {
    this.checkOpen("now");
    return this.dialect.now();
  }

  /** Closes the connection(s); later calls throw `StorageError`. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dialect.close();
  }

  private async insert(
    sql: SqlExecutor,
    study: LockedStudy,
    draft: TrialDraft,
    now: number,
  ): Promise<FrozenTrial> {
    draft.seq = ++study.seq;
    if (countsTowardMax(draft)) study.started++;
    const row = await sql.get<{ trial_id: number | string }>(INSERT_TRIAL, [
      study.studyId,
      draft.number,
      ...trialValues(draft),
    ]);
    draft.trialId = Number(row?.trial_id);
    this.remember(draft.trialId, study.studyId);
    await this.saveCounters(sql, study, now);
    return Object.freeze(draft);
  }

  /** Writes the next version of `previous`, keeping the study's `maxTrials` count in step with its state. */
  private async update(
    sql: SqlExecutor,
    study: LockedStudy,
    draft: TrialDraft,
    now: number,
    previous: FrozenTrial,
  ): Promise<FrozenTrial> {
    draft.seq = ++study.seq;
    study.started += Number(countsTowardMax(draft)) - Number(countsTowardMax(previous));
    await sql.run(UPDATE_TRIAL, [...trialValues(draft), draft.trialId]);
    await this.saveCounters(sql, study, now);
    return Object.freeze(draft);
  }

  private async saveCounters(sql: SqlExecutor, study: LockedStudy, now: number): Promise<void> {
    await sql.run(
      "UPDATE tunekit_studies SET seq = ?, next_number = ?, started_count = ?, last_activity = ? WHERE study_id = ?",
      [study.seq, study.nextNumber, study.started, now, study.studyId],
    );
  }

  private async studyRow(
    sql: SqlExecutor,
    studyId: number,
    method: string,
    lock = "",
    withNow = false,
  ): Promise<StudyRow> {
    const now = withNow ? `, ${this.dialect.nowSql} AS now_ms` : "";
    const row = await sql.get<StudyRow>(`SELECT *${now} FROM tunekit_studies WHERE study_id = ?${lock}`, [
      studyId,
    ]);
    if (row === undefined) {
      throw new StudyNotFoundError(
        `${method}: studyId must name an existing study, but no study has id ${String(studyId)} in ${this.dialect.description}. ` +
          "Use the studyId of a record from createStudy, getStudy or listStudies; the study may have been deleted.",
        { name: "studyId", value: studyId },
      );
    }
    return row;
  }

  private async lockStudy(sql: SqlExecutor, studyId: number, method: string): Promise<LockedStudy> {
    const row = (await this.studyRow(sql, studyId, method, this.dialect.lockRows, true)) as StudyRow & {
      now_ms: number | string;
    };
    return { studyId, now: Math.round(Number(row.now_ms)), ...counters(row) };
  }

  /** Locks the trial's study, then reads the trial; null (with `required` false) when it does not exist. */
  private async lockTrial(
    sql: SqlExecutor,
    trialId: number,
    method: string,
  ): Promise<{ study: LockedStudy; previous: FrozenTrial }>;
  private async lockTrial(
    sql: SqlExecutor,
    trialId: number,
    method: string,
    required: false,
  ): Promise<{ study: LockedStudy; previous: FrozenTrial } | null>;
  private async lockTrial(sql: SqlExecutor, trialId: number, method: string, required = true) {
    const cached = this.owners.get(trialId);
    const owner =
      cached === undefined
        ? await sql.get<{ study_id: number | string }>(
            "SELECT study_id FROM tunekit_trials WHERE trial_id = ?",
            [trialId],
          )
        : { study_id: cached };
    if (owner === undefined) {
      if (!required) return null;
      throw new TrialNotFoundError(
        `${method}: trialId must name an existing trial, but no trial has id ${String(trialId)} in ${this.dialect.description}. ` +
          "Use the trialId of a record this storage returned; its study may have been deleted.",
        { name: "trialId", value: trialId },
      );
    }
    const study = await this.lockStudy(sql, Number(owner.study_id), method);
    const row = await sql.get<TrialRow>("SELECT * FROM tunekit_trials WHERE trial_id = ?", [trialId]);
    if (row === undefined) {
      // The study was deleted since the id was cached.
      this.owners.delete(trialId);
      if (!required) return null;
      throw new TrialNotFoundError(
        `${method}: no trial has id ${String(trialId)} in ${this.dialect.description}; its study was deleted.`,
        {
          name: "trialId",
          value: trialId,
        },
      );
    }
    this.remember(trialId, study.studyId);
    return { study, previous: trialFromRow(row) };
  }

  private remember(trialId: number, studyId: number): void {
    if (this.owners.size > 100_000) this.owners.clear();
    this.owners.set(trialId, studyId);
  }

  private checkOpen(method: string): void {
    if (this.closed) {
      throw new StorageError(
        `${method}: the storage must be open, but ${this.dialect.description} was closed. Open the storage again.`,
      );
    }
  }
}

function duplicated(name: string, studyId: number): DuplicatedStudyError {
  const which = Number.isNaN(studyId) ? "already taken" : `already study ${studyId}`;
  return new DuplicatedStudyError(
    `createStudy: the study name must be unused, but "${name}" is ${which}. Pick another name, or load the existing study instead.`,
    { name: "name", value: name },
  );
}
