import cliProgress from 'cli-progress';
import type { Progress__Output as Progress } from '@memsweep/protocol';

/** A progress bar with ETA on a terminal; silent otherwise (logs and pipes stay clean). */
export class ProgressView {
  private readonly bar?: cliProgress.SingleBar;
  private started = false;

  constructor(enabled = process.stderr.isTTY === true) {
    if (enabled) {
      this.bar = new cliProgress.SingleBar(
        {
          format: 'trials |{bar}| {percentage}% {value}/{total} | training {trainingDone}/{trainingTotal} | ETA {eta_formatted}',
          etaBuffer: 50,
          hideCursor: true,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
    }
  }

  update(p: Progress): void {
    if (!this.bar) return;
    const payload = { trainingDone: p.trainingDone, trainingTotal: p.trainingTotal };
    if (!this.started) {
      this.bar.start(p.trialsTotal, p.trialsDone, payload);
      this.started = true;
    } else {
      this.bar.update(p.trialsDone, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar?.stop();
  }
}
