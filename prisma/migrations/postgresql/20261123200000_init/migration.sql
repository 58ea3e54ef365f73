-- CreateTable
CREATE TABLE "sweeps" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec_hash" TEXT NOT NULL,
    "spec_json" TEXT NOT NULL,
    "spec_yaml" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "trials_per_point" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_runs" (
    "id" TEXT NOT NULL,
    "sweep_id" TEXT NOT NULL,
    "training_key" TEXT NOT NULL,
    "config_json" TEXT NOT NULL,
    "artifact_hash" TEXT,
    "backend" TEXT,
    "seconds" DOUBLE PRECISION,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "points" (
    "id" TEXT NOT NULL,
    "sweep_id" TEXT NOT NULL,
    "point_index" INTEGER NOT NULL,
    "point_key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "fault_rate" DOUBLE PRECISION NOT NULL,
    "drop_connect_rate" DOUBLE PRECISION,
    "sigma" DOUBLE PRECISION NOT NULL,
    "crossbar_size" INTEGER NOT NULL,
    "width" DOUBLE PRECISION NOT NULL,
    "seed" BIGINT NOT NULL,
    "training_run_id" TEXT NOT NULL,
    "deployment_key" TEXT NOT NULL,
    "deployment_json" TEXT NOT NULL,

    CONSTRAINT "points_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" TEXT NOT NULL,
    "sweep_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "training_run_id" TEXT NOT NULL,
    "point_id" TEXT,
    "trial_start" INTEGER,
    "trial_end" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "locked_by" TEXT,
    "locked_until_ms" BIGINT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "run_after_ms" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trial_results" (
    "point_id" TEXT NOT NULL,
    "trial" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "trial_results_pkey" PRIMARY KEY ("point_id","trial")
);

-- CreateTable
CREATE TABLE "model_artifacts" (
    "hash" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "meta_json" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_artifacts_pkey" PRIMARY KEY ("hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "sweeps_spec_hash_key" ON "sweeps"("spec_hash");

-- CreateIndex
CREATE INDEX "sweeps_name_created_at_idx" ON "sweeps"("name", "created_at");

-- CreateIndex
CREATE INDEX "training_runs_artifact_hash_idx" ON "training_runs"("artifact_hash");

-- CreateIndex
CREATE UNIQUE INDEX "training_runs_sweep_id_training_key_key" ON "training_runs"("sweep_id", "training_key");

-- CreateIndex
CREATE INDEX "points_training_run_id_idx" ON "points"("training_run_id");

-- CreateIndex
CREATE UNIQUE INDEX "points_sweep_id_point_index_key" ON "points"("sweep_id", "point_index");

-- CreateIndex
CREATE UNIQUE INDEX "points_sweep_id_point_key_key" ON "points"("sweep_id", "point_key");

-- CreateIndex
CREATE INDEX "tasks_status_priority_created_at_seq_idx" ON "tasks"("status", "priority", "created_at", "seq");

-- CreateIndex
CREATE INDEX "tasks_status_locked_until_ms_idx" ON "tasks"("status", "locked_until_ms");

-- CreateIndex
CREATE INDEX "tasks_sweep_id_kind_status_idx" ON "tasks"("sweep_id", "kind", "status");

-- CreateIndex
CREATE INDEX "tasks_training_run_id_idx" ON "tasks"("training_run_id");

-- CreateIndex
CREATE INDEX "tasks_point_id_idx" ON "tasks"("point_id");

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_artifact_hash_fkey" FOREIGN KEY ("artifact_hash") REFERENCES "model_artifacts"("hash") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points" ADD CONSTRAINT "points_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points" ADD CONSTRAINT "points_training_run_id_fkey" FOREIGN KEY ("training_run_id") REFERENCES "training_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_training_run_id_fkey" FOREIGN KEY ("training_run_id") REFERENCES "training_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_point_id_fkey" FOREIGN KEY ("point_id") REFERENCES "points"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trial_results" ADD CONSTRAINT "trial_results_point_id_fkey" FOREIGN KEY ("point_id") REFERENCES "points"("id") ON DELETE CASCADE ON UPDATE CASCADE;
