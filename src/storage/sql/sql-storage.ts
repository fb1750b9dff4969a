import {
  DuplicatedStudyError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialNotRunningError,
} from "../../errors.js";
import { type FrozenTrial, type JsonValue, TRIAL_STATES, type TrialState } from "../../trial/frozen-trial.js";
import { checkCount, checkCursor, checkLeaseSeconds, checkPageLimit, freezeJson } from "../record-freeze.js";
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
  TrialChangesOptions,
  TrialOutcome,
  TrialPatch,
} from "../storage.js";
import { blankTrial, type TrialDraft } from "../trial-record.js";
import {
  type CheckedClaim,
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
  type StudyRow,
  studyBody,
  studyFromRow,
  TRIAL_COLUMNS,
  type TrialRow,
  trialFromRow,
  trialValues,
} from "./rows.js";
import type { SqlDialect, SqlExecutor } from "./sql-dialect.js";
import { CHANGES_SELECT, type ChangeRow, changesFromRows } from "./trial-changes.js";

const INSERT_TRIAL = `INSERT INTO tunekit_trials (study_id, number, ${TRIAL_COLUMNS.join(", ")}) VALUES (?, ?, ${TRIAL_COLUMNS.map(() => "?").join(", ")}) RETURNING trial_id`;
const UPDATE_TRIAL = `UPDATE tunekit_trials SET ${TRIAL_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE trial_id = ?`;

/**
 * The storage contract over a relational database, shared by SQLite and PostgreSQL: the dialect supplies
 * connections, transactions and locking; this class holds the schema's logic. Records are computed by the
 * same transitions as the memory storage (`trial-transitions.ts`), so every back-end merges alike.
 *
 * Every write advances its study's `seq` under the study row's lock, held until it commits, so a
 * study's writes commit in `seq` order and `getTrialsSince` never skips one. Writes are short
 * transactions; on PostgreSQL the hot ones (a claim that starts a new trial, a trial's update, finish
 * and heartbeat) are single guarded statements instead (see {@link SqlStorage.rewriteTrial}), so no lock
 * waits on a client.
 * @example
 * const storage = new SqlStorage(await SqliteDialect.open({ path: "tunekit.db" }));
 */
export class SqlStorage implements Storage {
  readonly capabilities: StorageCapabilities = Object.freeze({ persistent: true, multiProcess: true });
  private closed = false;
  /** RUNNING trials as this storage wrote them last, by id (see {@link SqlStorage.finishRemembered}). */
  private readonly recent = new Map<number, { readonly studyId: number; readonly trial: FrozenTrial }>();

  /**
   * Refresh-and-claim and tell-and-refresh in one statement each, only where the dialect writes in
   * single statements (PostgreSQL, where each saves a round trip). SQLite has neither: its reads cost no
   * round trip, and a tell would only gain reads that a lone worker does not need.
   */
  readonly claimTrialWithChanges?: Storage["claimTrialWithChanges"];
  readonly finishTrialWithChanges?: Storage["finishTrialWithChanges"];

  constructor(private readonly dialect: SqlDialect) {
    if (dialect.guardedTrialInsert !== undefined) {
      this.claimTrialWithChanges = (studyId, request, cursor) =>
        this.claimWithChanges(studyId, request, cursor);
    }
    if (dialect.guardedTrialUpdate !== undefined) {
      this.finishTrialWithChanges = (trialId, outcome, cursor) =>
        this.finishWithChanges(trialId, outcome, cursor);
    }
  }

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
      const step = await this.advance(sql, studyId, "createTrial", {
        newNumber: true,
        waiting: trial.state === "WAITING" ? 1 : 0,
      });
      const draft = createdTrial(trial, 0, step.number, step.now, `createTrial(study ${studyId})`);
      if (countsTowardMax(draft)) await this.addStarted(sql, studyId, 1);
      return this.insert(sql, studyId, draft, step.seq);
    });
  }

  async claimTrial(studyId: number, request: ClaimRequest): Promise<FrozenTrial | null> {
    this.checkOpen("claimTrial");
    const claim = checkClaim(request, `claimTrial(study ${studyId})`);
    if (this.dialect.guardedTrialInsert !== undefined) {
      const fresh = await this.claimFresh(studyId, claim, null);
      if (fresh !== null) return fresh.trial;
    }
    return this.claimInTransaction(studyId, claim);
  }

  /** {@link Storage.claimTrialWithChanges}: the guarded claim with the changes, else the two calls. */
  private async claimWithChanges(
    studyId: number,
    request: ClaimRequest,
    cursor: number,
  ): Promise<{ readonly trial: FrozenTrial | null; readonly changes: TrialChanges }> {
    this.checkOpen("claimTrialWithChanges");
    checkCursor(cursor, `claimTrialWithChanges(study ${studyId})`);
    const claim = checkClaim(request, `claimTrialWithChanges(study ${studyId})`);
    const fresh = await this.claimFresh(studyId, claim, cursor);
    if (fresh !== null) return Object.freeze({ trial: fresh.trial, changes: fresh.changes as TrialChanges });
    // A WAITING trial, the cap or a missing study: the transactional claim finds out which.
    const changes = await this.getTrialsSince(studyId, cursor);
    return Object.freeze({ trial: await this.claimInTransaction(studyId, claim), changes });
  }

  /**
   * Claims the oldest WAITING trial or a new one in a transaction (see {@link Storage.claimTrial}). The
   * study row is locked before the WAITING trial is chosen: a claim that chose first and then waited for
   * the lock could find the cap filled by a claim that passed its (then locked) trial, leaving it WAITING.
   */
  private async claimInTransaction(studyId: number, claim: CheckedClaim): Promise<FrozenTrial | null> {
    const claimed = await this.dialect.write(async (sql) => {
      const study = await this.studyRow(sql, studyId, "claimTrial", this.dialect.lockRows);
      const waiting =
        Number(study.waiting_count) === 0
          ? undefined
          : await sql.get<TrialRow>(
              "SELECT * FROM tunekit_trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1",
              [studyId],
            );
      const step = await this.advance(sql, studyId, "claimTrial", {
        newNumber: waiting === undefined,
        started: 1,
        waiting: waiting === undefined ? 0 : -1,
        maxTrials: claim.maxTrials,
      });
      if (step === null) return null;
      if (waiting !== undefined)
        return this.update(sql, claimedTrial(trialFromRow(waiting), claim, step.now), step.seq);
      return this.insert(
        sql,
        studyId,
        claimedTrial(blankTrial(0, step.number, "RUNNING"), claim, step.now),
        step.seq,
      );
    });
    return claimed === null ? null : this.remember(studyId, claimed);
  }

  async updateTrial(trialId: number, patch: TrialPatch): Promise<FrozenTrial> {
    this.checkOpen("updateTrial");
    return this.rewriteTrial(trialId, "updateTrial", true, ({ previous, studyId, now }) => {
      const where = `updateTrial(trial ${previous.number} of study ${studyId})`;
      if (previous.state !== "RUNNING") {
        throw new TrialNotRunningError(notRunningMessage(where, previous.state), {
          name: "trialId",
          value: trialId,
        });
      }
      return { draft: updatedTrial(previous, patch, now, where), started: 0, result: (trial) => trial };
    });
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishResult> {
    this.checkOpen("finishTrial");
    const plan = finishPlan(outcome);
    const fast = await this.finishRemembered(trialId, plan, null);
    return fast?.result ?? this.rewriteTrial(trialId, "finishTrial", true, plan);
  }

  /** {@link Storage.finishTrialWithChanges}: the remembered, guarded tell with the changes, else the calls. */
  private async finishWithChanges(
    trialId: number,
    outcome: TrialOutcome,
    cursor: number,
  ): Promise<{ readonly result: FinishResult; readonly changes: TrialChanges }> {
    this.checkOpen("finishTrialWithChanges");
    checkCursor(cursor, `finishTrialWithChanges(trial ${trialId})`);
    const plan = finishPlan(outcome);
    const fast = await this.finishRemembered(trialId, plan, cursor);
    if (fast?.changes != null) return Object.freeze({ result: fast.result, changes: fast.changes });
    const result = fast?.result ?? (await this.rewriteTrial(trialId, "finishTrialWithChanges", true, plan));
    const row = await this.dialect.read((sql) =>
      sql.get<{ study_id: number | string }>("SELECT study_id FROM tunekit_trials WHERE trial_id = ?", [
        trialId,
      ]),
    );
    const changes = await this.getTrialsSince(Number(row?.study_id), cursor);
    return Object.freeze({ result, changes });
  }

  async getTrial(trialId: number): Promise<FrozenTrial | null> {
    this.checkOpen("getTrial");
    const row = await this.dialect.read((sql) =>
      sql.get<TrialRow>("SELECT * FROM tunekit_trials WHERE trial_id = ?", [trialId]),
    );
    return row === undefined ? null : trialFromRow(row);
  }

  async getTrialsSince(
    studyId: number,
    cursor: number,
    options: TrialChangesOptions = {},
  ): Promise<TrialChanges> {
    this.checkOpen("getTrialsSince");
    checkCursor(cursor, `getTrialsSince(study ${studyId})`);
    const limit =
      options.limit === undefined
        ? null
        : checkPageLimit(options.limit, `getTrialsSince(study ${studyId}): limit`);
    // One statement is one snapshot: the study's seq and the changed trials are read consistently
    // without an explicit transaction (a single round trip on PostgreSQL). A page reads one row past the
    // limit to learn whether more follow; the (study_id, seq) index serves its order.
    const rows = await this.dialect.readStatement((sql) =>
      sql.all<ChangeRow>(
        limit === null ? `${CHANGES_SELECT} ORDER BY t.number` : `${CHANGES_SELECT} ORDER BY t.seq LIMIT ?`,
        limit === null ? [cursor, studyId] : [cursor, studyId, limit + 1],
      ),
    );
    if (rows.length === 0) await this.dialect.read((sql) => this.studyRow(sql, studyId, "getTrialsSince"));
    return changesFromRows(rows, cursor, limit);
  }

  async heartbeat(trialIds: readonly number[], leaseSeconds: number): Promise<void> {
    this.checkOpen("heartbeat");
    const seconds = checkLeaseSeconds(leaseSeconds, "heartbeat: leaseSeconds");
    for (const trialId of trialIds) {
      await this.rewriteTrial(trialId, "heartbeat", false, ({ previous, now }) =>
        previous.state !== "RUNNING" || previous.leaseExpiresAt === null
          ? { done: undefined }
          : { draft: heartbeatTrial(previous, seconds, now), started: 0, result: () => undefined },
      );
    }
  }

  async reapStaleTrials(studyId: number, options: ReapOptions = {}): Promise<FrozenTrial[]> {
    this.checkOpen("reapStaleTrials");
    const maxRetries =
      options.maxRetries == null ? 0 : checkCount(options.maxRetries, "reapStaleTrials: maxRetries");
    return this.dialect.write(async (sql) => {
      const study = await this.studyRow(sql, studyId, "reapStaleTrials", "", true);
      const now = Math.round(Number((study as StudyRow & { now_ms: number | string }).now_ms));
      const rows = await sql.all<TrialRow>(
        `SELECT * FROM tunekit_trials WHERE study_id = ? AND state = 'RUNNING' AND lease_expires_at < ? ORDER BY number${this.dialect.skipLocked}`,
        [studyId, now],
      );
      const reaped: FrozenTrial[] = [];
      for (const row of rows) {
        const running = trialFromRow(row);
        const stale = staleTrial(running, now);
        const step = await this.advance(sql, studyId, "reapStaleTrials", {
          started: startedDelta(running, stale),
        });
        reaped.push(await this.update(sql, stale, step.seq));
        if (retryCountOf(reaped.at(-1) as FrozenTrial) < maxRetries) {
          const next = await this.advance(sql, studyId, "reapStaleTrials", { newNumber: true, waiting: 1 });
          const retry = retriedTrial(
            reaped.at(-1) as FrozenTrial,
            0,
            next.number,
            now,
            `reapStaleTrials(study ${studyId})`,
          );
          await this.insert(sql, studyId, retry, next.seq);
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
      await this.studyRow(sql, studyId, "compareAndSetState");
      const version = expectedVersion;
      // The compare and the set are one statement each way, so concurrent writers need no lock to race.
      const changed =
        version === 0
          ? await sql.run(
              "INSERT INTO tunekit_state (study_id, key, version, value) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING",
              [studyId, key, encodeJson(frozen)],
            )
          : await sql.run(
              "UPDATE tunekit_state SET version = version + 1, value = ? WHERE study_id = ? AND key = ? AND version = ?",
              [encodeJson(frozen), studyId, key, version],
            );
      if (changed === 0) return null;
      await sql.run(`UPDATE tunekit_studies SET last_activity = ${this.dialect.nowSql} WHERE study_id = ?`, [
        studyId,
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

  /**
   * Writes the next version of an existing trial, which `plan` derives from the stored one and the
   * database clock (or decides that nothing is written). With a dialect that has
   * {@link SqlDialect.guardedTrialUpdate} (PostgreSQL) the trial is read without a lock and written by one
   * statement guarded by the seq it was read at; when another write came between, it is read and planned
   * again. So no lock is held while this process waits for its turn on a busy CPU. Otherwise the trial is
   * locked, planned and written in one transaction. Resolves with null when the trial does not exist and
   * `required` is false.
   */
  private async rewriteTrial<T>(
    trialId: number,
    method: string,
    required: boolean,
    plan: (located: LocatedTrial) => TrialRewrite<T>,
  ): Promise<T> {
    const guarded = this.dialect.guardedTrialUpdate?.bind(this.dialect);
    if (guarded === undefined) {
      return this.dialect.write(async (sql) => {
        const located = await this.lockTrial(sql, trialId, method, false);
        if (located === null) return this.missingTrial(trialId, method, required) as T;
        const next = plan(located);
        if ("done" in next) return next.done;
        const step = await this.advance(sql, located.studyId, method, { started: next.started });
        return next.result(await this.update(sql, next.draft, step.seq));
      });
    }
    for (;;) {
      const row = await this.dialect.readStatement((sql) =>
        sql.get<TrialRow & { now_ms: number | string }>(
          `SELECT *, ${this.dialect.nowSql} AS now_ms FROM tunekit_trials WHERE trial_id = ?`,
          [trialId],
        ),
      );
      if (row === undefined) return this.missingTrial(trialId, method, required) as T;
      const located = locatedTrial(row);
      const next = plan(located);
      if ("done" in next) return next.done;
      const written = await guarded({
        studyId: located.studyId,
        trialId,
        expectSeq: located.previous.seq,
        startedDelta: next.started,
        values: trialValues(next.draft),
      });
      if (written !== null) {
        next.draft.seq = written.seq;
        return next.result(this.remember(located.studyId, Object.freeze(next.draft)));
      }
    }
  }

  /**
   * finishTrial on a dialect with guarded statements, from the version of the trial this storage wrote
   * last (a claim or an update), without reading it first: `plan` sees that version, and the statement
   * writes only if it is still the stored one, stamping `completed_at` with the database clock.
   * Undefined when there is no such version or another write came between, for the caller to read it.
   */
  private async finishRemembered(
    trialId: number,
    plan: (located: LocatedTrial) => TrialRewrite<FinishResult>,
    since: number | null,
  ): Promise<{ result: FinishResult; changes: TrialChanges | null } | undefined> {
    const known = this.recent.get(trialId);
    const guarded = this.dialect.guardedTrialUpdate?.bind(this.dialect);
    if (known === undefined || guarded === undefined) return undefined;
    this.recent.delete(trialId);
    const next = plan({ previous: known.trial, studyId: known.studyId, now: 0 });
    if ("done" in next) return undefined;
    const written = await guarded({
      studyId: known.studyId,
      trialId,
      expectSeq: known.trial.seq,
      startedDelta: next.started,
      values: trialValues(next.draft),
      completedNow: true,
      since,
    });
    if (written === null) return undefined;
    next.draft.seq = written.seq;
    next.draft.completedAt = written.completedAt;
    const changes =
      since === null || written.changes === undefined ? null : changesFromRows(written.changes, since, null);
    return { result: next.result(Object.freeze(next.draft)), changes };
  }

  /**
   * Notes `trial` as the version this storage wrote last (RUNNING trials only, the newest
   * {@link RECENT_LIMIT}), for {@link SqlStorage.finishRemembered}; returns it.
   */
  private remember(studyId: number, trial: FrozenTrial): FrozenTrial {
    if (this.dialect.guardedTrialUpdate === undefined) return trial;
    this.recent.delete(trial.trialId);
    if (trial.state !== "RUNNING") return trial;
    this.recent.set(trial.trialId, { studyId, trial });
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as number);
    return trial;
  }

  /**
   * A claim that starts a new trial in one guarded statement (see {@link SqlDialect.guardedTrialInsert}),
   * with the trials changed after `since` read in the same statement when it is not null; null when the
   * statement wrote nothing, so the caller claims in a transaction (which takes a WAITING trial, or finds
   * the cap reached or the study missing).
   */
  private async claimFresh(
    studyId: number,
    claim: CheckedClaim,
    since: number | null,
  ): Promise<{ trial: FrozenTrial; changes: TrialChanges | null } | null> {
    const draft = claimedTrial(blankTrial(0, 0, "RUNNING"), claim, 0);
    const made = await this.dialect.guardedTrialInsert?.({
      studyId,
      maxTrials: claim.maxTrials,
      values: trialValues(draft),
      leaseMs: claim.leaseSeconds === null ? null : claim.leaseSeconds * 1000,
      since,
    });
    if (made === undefined || made === null) return null;
    draft.trialId = made.trialId;
    draft.number = made.number;
    draft.seq = made.seq;
    draft.startedAt = made.startedAt;
    draft.leaseExpiresAt = made.leaseExpiresAt;
    const changes =
      since === null || made.changes === undefined ? null : changesFromRows(made.changes, since, null);
    return { trial: this.remember(studyId, Object.freeze(draft)), changes };
  }

  /**
   * Advances the study's counters (seq; the next number when a trial is created; the `maxTrials` count;
   * the WAITING count by `waiting` when the write creates or claims a WAITING trial) and returns the new
   * seq, the number taken and the database clock. It locks the study row, and each write issues it last
   * before its trial write, so the lock is held only for that write and the commit while `seq` still
   * follows commit order (a transactional claim alone locks the row earlier, to choose its WAITING trial
   * under it). Null when `maxTrials` is reached.
   */
  private async advance(
    sql: SqlExecutor,
    studyId: number,
    method: string,
    change: AdvanceChange & { readonly maxTrials?: number | null },
  ): Promise<{ seq: number; number: number; now: number }>;
  private async advance(
    sql: SqlExecutor,
    studyId: number,
    method: string,
    change: AdvanceChange & { readonly maxTrials: number | null },
  ): Promise<{ seq: number; number: number; now: number } | null>;
  private async advance(
    sql: SqlExecutor,
    studyId: number,
    method: string,
    change: AdvanceChange & { readonly maxTrials?: number | null },
  ) {
    const capped = change.maxTrials !== undefined && change.maxTrials !== null;
    const row = await sql.get<{
      seq: number | string;
      next_number: number | string;
      now_ms: number | string;
    }>(
      `UPDATE tunekit_studies SET seq = seq + 1, next_number = next_number + ?, started_count = started_count + ?, waiting_count = waiting_count + ?, last_activity = ${this.dialect.nowSql} WHERE study_id = ?${capped ? " AND started_count < ?" : ""} RETURNING seq, next_number, ${this.dialect.nowSql} AS now_ms`,
      [
        change.newNumber === true ? 1 : 0,
        change.started ?? 0,
        change.waiting ?? 0,
        studyId,
        ...(capped ? [change.maxTrials as number] : []),
      ],
    );
    if (row === undefined) {
      await this.studyRow(sql, studyId, method);
      return null;
    }
    const next = Number(row.next_number);
    return {
      seq: Number(row.seq),
      number: change.newNumber === true ? next - 1 : next,
      now: Math.round(Number(row.now_ms)),
    };
  }

  /** Changes the study's `maxTrials` count (enqueued-as-finished trials). */
  private async addStarted(sql: SqlExecutor, studyId: number, delta: number): Promise<void> {
    await sql.run("UPDATE tunekit_studies SET started_count = started_count + ? WHERE study_id = ?", [
      delta,
      studyId,
    ]);
  }

  private async insert(
    sql: SqlExecutor,
    studyId: number,
    draft: TrialDraft,
    seq: number,
  ): Promise<FrozenTrial> {
    draft.seq = seq;
    const row = await sql.get<{ trial_id: number | string }>(INSERT_TRIAL, [
      studyId,
      draft.number,
      ...trialValues(draft),
    ]);
    draft.trialId = Number(row?.trial_id);
    return Object.freeze(draft);
  }

  /** Writes the next version of a trial with the seq {@link SqlStorage.advance} gave it. */
  private async update(sql: SqlExecutor, draft: TrialDraft, seq: number): Promise<FrozenTrial> {
    draft.seq = seq;
    await sql.run(UPDATE_TRIAL, [...trialValues(draft), draft.trialId]);
    return Object.freeze(draft);
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

  /**
   * Reads a trial, locking its row until commit (PostgreSQL; SQLite holds the database lock anyway), with
   * the database clock. Null (with `required` false) when it does not exist.
   */
  private async lockTrial(
    sql: SqlExecutor,
    trialId: number,
    method: string,
    required: boolean,
  ): Promise<LocatedTrial | null> {
    const row = await sql.get<TrialRow & { now_ms: number | string }>(
      `SELECT *, ${this.dialect.nowSql} AS now_ms FROM tunekit_trials WHERE trial_id = ?${this.dialect.lockRows}`,
      [trialId],
    );
    if (row === undefined) return this.missingTrial(trialId, method, required);
    return locatedTrial(row);
  }

  /** Null for a trial that need not exist; otherwise the error for a trial id with no row. */
  private missingTrial(trialId: number, method: string, required: boolean): null {
    if (!required) return null;
    throw new TrialNotFoundError(
      `${method}: trialId must name an existing trial, but no trial has id ${String(trialId)} in ${this.dialect.description}. ` +
        "Use the trialId of a record this storage returned; its study may have been deleted.",
      { name: "trialId", value: trialId },
    );
  }

  private checkOpen(method: string): void {
    if (this.closed) {
      throw new StorageError(
        `${method}: the storage must be open, but ${this.dialect.description} was closed. Open the storage again.`,
      );
    }
  }
}

/** How many trials {@link SqlStorage} remembers as it wrote them (a worker holds a few at a time). */
const RECENT_LIMIT = 1024;

/** How {@link SqlStorage.advance} moves a study's counters besides its seq. */
interface AdvanceChange {
  readonly newNumber?: boolean;
  readonly started?: number;
  /** +1 for a write that creates a WAITING trial, -1 for one that claims it. */
  readonly waiting?: number;
}

/** A trial as read for a write, with the study it belongs to and the database clock at the read. */
interface LocatedTrial {
  readonly previous: FrozenTrial;
  readonly studyId: number;
  readonly now: number;
}

/** What a write makes of a trial: the draft to write (with its change of the `maxTrials` count), or a result without writing. */
type TrialRewrite<T> =
  | { readonly draft: TrialDraft; readonly started: number; readonly result: (trial: FrozenTrial) => T }
  | { readonly done: T };

function locatedTrial(row: TrialRow & { now_ms: number | string }): LocatedTrial {
  return {
    previous: trialFromRow(row),
    studyId: Number(row.study_id),
    now: Math.round(Number(row.now_ms)),
  };
}

/** How `finishTrial` rewrites a located trial: the outcome when it is RUNNING, else `ok: false`. */
function finishPlan(outcome: TrialOutcome): (located: LocatedTrial) => TrialRewrite<FinishResult> {
  return ({ previous, studyId, now }) => {
    if (previous.state !== "RUNNING") return { done: Object.freeze({ ok: false, trial: previous }) };
    const draft = finishedTrial(
      previous,
      outcome,
      now,
      `finishTrial(trial ${previous.number} of study ${studyId})`,
    );
    return {
      draft,
      started: startedDelta(previous, draft),
      result: (trial) => Object.freeze({ ok: true, trial }),
    };
  };
}

/** How a trial's change of state moves the study's `maxTrials` count. */
function startedDelta(
  previous: FrozenTrial,
  next: { readonly state: string; readonly failReason: { readonly code: string } | null },
): number {
  return Number(countsTowardMax(next)) - Number(countsTowardMax(previous));
}

function duplicated(name: string, studyId: number): DuplicatedStudyError {
  const which = Number.isNaN(studyId) ? "already taken" : `already study ${studyId}`;
  return new DuplicatedStudyError(
    `createStudy: the study name must be unused, but "${name}" is ${which}. Pick another name, or load the existing study instead.`,
    { name: "name", value: name },
  );
}
