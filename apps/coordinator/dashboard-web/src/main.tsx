import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { VisualizationSpec } from 'vega-embed';
import { getJson, type Curves, type Heatmap, type PointDetail, type Progress, type SweepSummary, type WorkerInfo } from './api';
import { curveSpec, draw, heatmapSpec, trialsSpec, type Chart as DrawnChart } from './charts';
import './style.css';

const POLL_MS = 1000;

/** Re-runs `load` every `ms` (and when `deps` change); keeps the last good value and the last error. */
function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, ms: number, deps: unknown[]): { value: T | undefined; error: string | undefined } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setValue(undefined);
    const tick = async () => {
      controller = new AbortController();
      try {
        const v = await load(controller.signal);
        if (!stopped) {
          setValue(v);
          setError(undefined);
        }
      } catch (err) {
        if (!stopped) setError((err as Error).message);
      }
      if (!stopped && ms > 0) timer = setTimeout(tick, ms);
    };
    void tick();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, deps);
  return { value, error };
}

function Chart(props: { spec: VisualizationSpec; testId: string; onClick?: (datum: Record<string, unknown>) => void; data?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = useMemo(() => JSON.stringify(props.spec), [props.spec]);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;
  useEffect(() => {
    let chart: DrawnChart | undefined;
    let cancelled = false;
    if (ref.current) {
      void draw(ref.current, props.spec, (d) => onClick.current?.(d)).then((c) => {
        if (cancelled) c.finalize();
        else chart = c;
      });
    }
    return () => {
      cancelled = true;
      chart?.finalize();
    };
  }, [key]);
  return <div class="chart" ref={ref} data-testid={props.testId} data-cells={props.data} />;
}

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)} %`);
function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function Bar(props: { label: string; done: number; total: number; testId: string }) {
  const share = props.total > 0 ? props.done / props.total : 0;
  return (
    <div class="bar" data-testid={props.testId} data-done={props.done} data-total={props.total}>
      <span class="bar-label">{props.label}</span>
      <span class="bar-track">
        <span class="bar-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </span>
      <span class="bar-count">
        {props.done} / {props.total}
      </span>
    </div>
  );
}

function ProgressPanel({ progress }: { progress: Progress }) {
  return (
    <section class="panel" data-testid="progress">
      <h2>
        Progress <span class={`status status-${progress.done ? (progress.failures.length ? 'failed' : 'done') : 'running'}`}>{progress.done ? (progress.failures.length ? 'finished with failures' : 'done') : 'running'}</span>
      </h2>
      <Bar label="points" done={progress.points.done} total={progress.points.total} testId="points" />
      <Bar label="trials" done={progress.trials.done} total={progress.trials.total} testId="trials" />
      <Bar label="shards" done={progress.shards.done} total={progress.shards.total} testId="shards" />
      <Bar label="training runs" done={progress.training.done} total={progress.training.total} testId="training" />
      <p class="numbers">
        <span data-testid="rate">{progress.trialsPerSecond === null ? '– trials/s' : `${progress.trialsPerSecond.toFixed(2)} trials/s`}</span> (last minute) · ETA{' '}
        <span data-testid="eta">{progress.done ? 'done' : duration(progress.etaSeconds)}</span> · trainings executed {progress.training.executed}
      </p>
      {progress.failures.length > 0 && (
        <div data-testid="failures">
          <h3>Failed tasks ({progress.failures.length})</h3>
          <table>
            <thead>
              <tr><th>kind</th><th>task</th><th>attempts</th><th>error</th></tr>
            </thead>
            <tbody>
              {progress.failures.map((f) => (
                <tr key={f.taskId}><td>{f.kind}</td><td class="mono">{f.taskId.slice(0, 8)}</td><td>{f.attempts}</td><td class="error">{f.error}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function WorkersPanel({ workers }: { workers: WorkerInfo[] | undefined }) {
  return (
    <section class="panel" data-testid="workers">
      <h2>Workers ({workers?.length ?? 0})</h2>
      {!workers || workers.length === 0 ? (
        <p class="muted">no worker has called in yet</p>
      ) : (
        <table>
          <thead>
            <tr><th>host</th><th>threads</th><th>state</th><th>last seen</th></tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.workerId}><td>{w.hostname || w.workerId.slice(0, 8)}</td><td>{w.threads}</td><td class={`state-${w.state}`}>{w.state}</td><td>{(w.lastSeenMsAgo / 1000).toFixed(1)} s ago</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Select(props: { label: string; values: number[]; value: number | undefined; onChange: (v: number) => void }) {
  if (props.values.length < 2) return null;
  return (
    <label class="select">
      {props.label}{' '}
      <select value={String(props.value ?? props.values[0])} onChange={(e) => props.onChange(Number((e.target as HTMLSelectElement).value))}>
        {props.values.map((v) => <option value={String(v)}>{v}</option>)}
      </select>
    </label>
  );
}

interface Drill {
  faultRate: number;
  method: string;
  dropConnectRate: number | null;
}

function SweepView({ sweepId }: { sweepId: string }) {
  const progress = usePoll((signal) => getJson<Progress>(`sweeps/${encodeURIComponent(sweepId)}/progress`, {}, signal), POLL_MS, [sweepId]);
  const workers = usePoll((signal) => getJson<{ workers: WorkerInfo[] }>('workers', {}, signal), POLL_MS, []);
  const [slice, setSlice] = useState<{ sigma?: number; crossbarSize?: number; width?: number }>({});
  const [curveFault, setCurveFault] = useState<number | undefined>(undefined);
  const [drill, setDrill] = useState<Drill | undefined>(undefined);
  // Results are re-read when the stored trial count moves (or the slice changes), not on every poll.
  const stored = progress.value?.trials.done ?? -1;
  const heatmap = usePoll((signal) => getJson<Heatmap>(`sweeps/${encodeURIComponent(sweepId)}/heatmap`, slice, signal), 0, [sweepId, stored, slice.sigma, slice.crossbarSize, slice.width]);
  const sigmaCurves = usePoll(
    (signal) => getJson<Curves>(`sweeps/${encodeURIComponent(sweepId)}/curves`, { x: 'sigma', faultRate: curveFault, crossbarSize: slice.crossbarSize, width: slice.width }, signal),
    0,
    [sweepId, stored, curveFault, slice.crossbarSize, slice.width],
  );
  const crossbarCurves = usePoll(
    (signal) => getJson<Curves>(`sweeps/${encodeURIComponent(sweepId)}/curves`, { x: 'crossbarSize', faultRate: curveFault, sigma: slice.sigma, width: slice.width }, signal),
    0,
    [sweepId, stored, curveFault, slice.sigma, slice.width],
  );
  const point = usePoll(
    (signal) =>
      drill
        ? getJson<PointDetail>(`sweeps/${encodeURIComponent(sweepId)}/point`, { ...slice, faultRate: drill.faultRate, method: drill.method, dropConnectRate: drill.dropConnectRate ?? 'none' }, signal)
        : Promise.resolve(undefined),
    0,
    [sweepId, stored, drill?.faultRate, drill?.method, drill?.dropConnectRate, slice.sigma, slice.crossbarSize, slice.width],
  );

  const h = heatmap.value;
  const dims = h?.dimensions;
  const cellsAttr = h ? JSON.stringify(h.cells.map((c) => ({ faultRate: c.faultRate, arm: c.arm, n: c.n, mean: c.mean }))) : '[]';
  const trialRows = (point.value?.points ?? []).flatMap((p) => p.trials.map((t) => ({ seed: `seed ${p.seed}`, accuracy: t.accuracy })));

  return (
    <div>
      {progress.error && <p class="banner" data-testid="error">{progress.error}</p>}
      <div class="row">
        {progress.value ? <ProgressPanel progress={progress.value} /> : <section class="panel">loading…</section>}
        <WorkersPanel workers={workers.value?.workers} />
      </div>
      <section class="panel">
        <h2>Mean accuracy: fault rate × training</h2>
        {dims && (
          <p class="controls">
            <Select label="σ" values={dims.sigma} value={h.selection.sigma} onChange={(v) => setSlice({ ...slice, sigma: v })} />
            <Select label="crossbar" values={dims.crossbarSize} value={h.selection.crossbarSize} onChange={(v) => setSlice({ ...slice, crossbarSize: v })} />
            <Select label="width" values={dims.width} value={h.selection.width} onChange={(v) => setSlice({ ...slice, width: v })} />
            <span class="muted">
              σ = {h.selection.sigma}, crossbar = {h.selection.crossbarSize}, width = {h.selection.width} · pooled over seeds · {h.trialsStored} trials stored · click a cell for its trials
            </span>
          </p>
        )}
        {h && h.cells.length === 0 && <p class="muted" data-testid="heatmap-empty">no trials stored yet</p>}
        {h && (
          <Chart
            testId="heatmap"
            data={cellsAttr}
            spec={heatmapSpec(h.cells, h.arms.map((a) => a.label), dims!.faultRate)}
            onClick={(d) => {
              if (typeof d.faultRate === 'number' && typeof d.method === 'string') setDrill({ faultRate: d.faultRate, method: d.method, dropConnectRate: (d.dropConnectRate as number | null) ?? null });
            }}
          />
        )}
      </section>
      {drill && (
        <section class="panel" data-testid="drilldown">
          <h2>
            Point: {point.value?.arm ?? drill.method} at fault rate {drill.faultRate}
            {point.value && (
              <span class="muted">
                σ = {point.value.selection.sigma}, crossbar = {point.value.selection.crossbarSize}, width = {point.value.selection.width}
              </span>
            )}
            <button class="close" onClick={() => setDrill(undefined)} aria-label="close">×</button>
          </h2>
          {point.error && <p class="banner">{point.error}</p>}
          {point.value && (
            <>
              <table>
                <thead>
                  <tr><th>seed</th><th>trials</th><th>mean</th><th>95 % CI</th></tr>
                </thead>
                <tbody>
                  {point.value.points.map((p) => (
                    <tr key={p.pointKey}><td>{p.seed}</td><td>{p.summary.n} / {point.value!.trialsPerPoint}</td><td>{pct(p.summary.mean, 2)}</td><td>{pct(p.summary.ciLow, 2)} – {pct(p.summary.ciHigh, 2)}</td></tr>
                  ))}
                </tbody>
              </table>
              {trialRows.length > 0 && <Chart testId="trials-chart" spec={trialsSpec(trialRows)} />}
            </>
          )}
        </section>
      )}
      <section class="panel">
        <h2>Accuracy curves (mean, 95 % CI)</h2>
        {dims && (
          <p class="controls">
            <Select label="fault rate" values={dims.faultRate} value={curveFault ?? dims.faultRate[0]} onChange={setCurveFault} />
            <span class="muted">fault rate = {curveFault ?? dims.faultRate[0]}</span>
          </p>
        )}
        <div class="row">
          {dims && dims.sigma.length < 2 && <p class="muted">one σ value ({dims.sigma.join(', ')}): no accuracy-vs-σ curve</p>}
          {dims && dims.crossbarSize.length < 2 && <p class="muted">one crossbar size ({dims.crossbarSize.join(', ')}): no accuracy-vs-crossbar curve</p>}
          {dims && dims.sigma.length > 1 && sigmaCurves.value && sigmaCurves.value.points.length > 0 && <Chart testId="curve-sigma" spec={curveSpec(sigmaCurves.value.points, 'sigma', sigmaCurves.value.arms.map((a) => a.label))} />}
          {dims && dims.crossbarSize.length > 1 && crossbarCurves.value && crossbarCurves.value.points.length > 0 && (
            <Chart testId="curve-crossbar" spec={curveSpec(crossbarCurves.value.points, 'crossbarSize', crossbarCurves.value.arms.map((a) => a.label))} />
          )}
        </div>
      </section>
    </div>
  );
}

function readHash(): string | undefined {
  const m = /^#\/sweep\/([A-Za-z0-9._-]+)$/.exec(location.hash);
  return m ? m[1] : undefined;
}

function App() {
  const sweeps = usePoll((signal) => getJson<{ sweeps: SweepSummary[] }>('sweeps', {}, signal), POLL_MS, []);
  const [chosen, setChosen] = useState<string | undefined>(readHash());
  useEffect(() => {
    const onHash = () => setChosen(readHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const list = sweeps.value?.sweeps ?? [];
  const current = chosen ?? list[0]?.sweepId;
  return (
    <main>
      <header>
        <h1>memsweep</h1>
        <span class="muted">read-only dashboard</span>
      </header>
      {sweeps.error && <p class="banner">cannot reach the coordinator: {sweeps.error}</p>}
      <nav data-testid="sweeps">
        {list.length === 0 && <span class="muted">no sweeps yet</span>}
        {list.map((s) => (
          <a key={s.sweepId} href={`#/sweep/${s.sweepId}`} class={s.sweepId === current ? 'current' : ''} title={s.sweepId}>
            {s.name} <span class={`status status-${s.status}`}>{s.status}</span>
          </a>
        ))}
      </nav>
      {current && <SweepView key={current} sweepId={current} />}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
