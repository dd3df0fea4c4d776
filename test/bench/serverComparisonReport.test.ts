import assert from 'node:assert/strict';
import { benchOptionsFrom } from './benchOptions';
import { judge } from './benchReport';
import type { FixedRateResult } from './fixedRatePhase';
import { summarise } from './latencySummary';
import type { ServerMeasurement } from './measureServer';
import { PhaseRecorder, type PhaseResult } from './phaseResult';
import type { ProcessStats } from './processStats';
import { NOT_APPLICABLE, renderReport } from './serverComparisonReport';
import type { ServerKind } from './serverKind';

function phase(ackMs: number[], replyMs: number[], answeredPerSecond: number): PhaseResult {
  return { sent: ackMs.length, answered: ackMs.length, lost: [], ackErrors: 0, ackErrorReasons: {}, ack: summarise(ackMs), reply: summarise(replyMs), elapsedMs: 1000, answeredPerSecond };
}

function fixedRate(ackMs: number[], replyMs: number[]): FixedRateResult {
  return { ...phase(ackMs, replyMs, 100), offeredPerSecond: 100, scheduleLag: summarise([0.1]) };
}

function stats(rssMiB: number): ProcessStats {
  return { cpuPercent: 50, eventLoopDelayP99Ms: 1, eventLoopDelayMaxMs: 2, gcCount: 1, gcPauseTotalMs: 1, gcPauseMaxMs: 1, rssMiB, heapTotalMiB: 10, heapUsedMiB: 5, externalMiB: 1 };
}

/** A measurement whose acks take `ackMs` and replies `replyMs` in every phase (none for the floor). */
function measurement(kind: ServerKind, figures: { ackMs: number; replyMs: number; throughput: number; rssMiB: number; storedActivities?: number }): ServerMeasurement {
  const replies = kind === 'floor' ? [] : [figures.replyMs];
  const rate = fixedRate([figures.ackMs], replies);
  return {
    kind,
    instances: 1,
    turnRunner: 'inline',
    storedActivities: figures.storedActivities ?? 0,
    preloadSeconds: figures.storedActivities ? 40 : 0,
    warmup: phase([figures.ackMs], replies, figures.throughput),
    fixedRate: rate,
    replyRate: rate,
    lowRate: rate,
    saturation: phase([figures.ackMs], replies, figures.throughput),
    serverStats: { fixedRate: stats(figures.rssMiB), saturation: stats(figures.rssMiB) },
    harnessStats: { fixedRate: stats(100), saturation: stats(100) },
    deliveries: { replyRequests: replies.length, replyMessages: replies.length, pushRequests: 0, pushMessages: 0 },
    duplicates: 0,
    late: 0,
    unexpected: 0,
    crashed: false,
  };
}

function rowOf(report: string, label: string): string[] {
  const line = report.split('\n').find((each) => each.startsWith(label));
  assert.ok(line, `no row '${label}' in:\n${report}`);
  return line.slice(label.length).trim().split(/\s{2,}/);
}

describe('the bench server comparison report', () => {
  const options = benchOptionsFrom({});
  const floor = measurement('floor', { ackMs: 0.5, replyMs: 0, throughput: 9000, rssMiB: 50 });
  const plain = measurement('plain', { ackMs: 1, replyMs: 3, throughput: 3000, rssMiB: 100 });
  const ours = measurement('ours', { ackMs: 4, replyMs: 30, throughput: 2400, rssMiB: 140 });
  const slowOurs = measurement('ours', { ackMs: 25, replyMs: 150, throughput: 1500, rssMiB: 200, storedActivities: 500_000 });
  const report = renderReport(options, { floor, plain, ours, verdict: judge(ours, plain), longHistory: { ours: slowOurs, verdict: judge(slowOurs, plain) } });

  it('shows the floor, plain and ours side by side with the ratio to plain, and the floor\'s reply cells as not applicable', () => {
    const [header] = report.split('\n');
    assert.match(header!, /metric\s+floor\s+plain SDK\s+ours\s+ours, 500000 stored\s+ours\/plain\s+500000 stored\/plain/);
    assert.deepEqual(rowOf(report, 'webhook ack p99 @ 100/s (ms)'), ['0.50', '1.00', '4.00', '25.0', '4.00×', '25.00×']);
    assert.deepEqual(rowOf(report, 'event→reply p99 @ 100/s (ms)'), [NOT_APPLICABLE, '3.00', '30.0', '150.0', '10.00×', '50.00×']);
    assert.deepEqual(rowOf(report, `throughput, ${options.concurrency} in flight`).slice(-6), ['9000', '3000', '2400', '1500', '0.80×', '0.50×']);
  });

  it('prints PASS/FAIL lines for every target of ours and again for ours on the long history', () => {
    const targets = report.split('\n').filter((line) => / (PASS|FAIL)/.test(line));
    assert.equal(targets.filter((line) => line.startsWith('ours:')).every((line) => line.endsWith('PASS')), true);
    const long = targets.filter((line) => line.startsWith('ours, 500000 stored activities:'));
    assert.equal(long.length, 4);
    assert.ok(long.every((line) => / FAIL: /.test(line)), long.join('\n'));
    assert.match(report, /preloaded in 40\.0 s/);
  });
});

describe('a bench phase of a server that answers with the acknowledgement alone', () => {
  it('counts each 200 as an answered event and has no reply latencies', () => {
    const recorder = new PhaseRecorder('ack');
    recorder.sent = 3;
    recorder.firstSentAt = 0;
    recorder.noteAck({ status: 200, ackMs: 2 }, 500);
    recorder.noteAck({ status: 200, ackMs: 4 }, 1000);
    recorder.noteAck({ status: 503, ackMs: 1 }, 1000);
    const result = recorder.finish([]);
    assert.equal(result.answered, 2);
    assert.equal(result.answeredPerSecond, 2);
    assert.equal(result.ackErrors, 1);
    assert.equal(result.reply.count, 0);
  });

  it('counts only replies as answers when the server replies', () => {
    const recorder = new PhaseRecorder('reply');
    recorder.firstSentAt = 0;
    recorder.noteAck({ status: 200, ackMs: 2 }, 500);
    assert.equal(recorder.finish([]).answered, 0);
  });
});

describe('the bench options', () => {
  it('preload 500,000 stored activities by default, none with 0, and refuse a fraction', () => {
    assert.equal(benchOptionsFrom({}).storedActivities, 500_000);
    assert.equal(benchOptionsFrom({ BENCH_STORED_ACTIVITIES: '0' }).storedActivities, 0);
    assert.equal(benchOptionsFrom({ BENCH_STORED_ACTIVITIES: '100000' }).storedActivities, 100_000);
    assert.throws(() => benchOptionsFrom({ BENCH_STORED_ACTIVITIES: '1.5' }), /BENCH_STORED_ACTIVITIES/);
    assert.throws(() => benchOptionsFrom({ BENCH_STORED_ACTIVITIES: '-1' }), /BENCH_STORED_ACTIVITIES/);
    assert.equal(benchOptionsFrom({}).lowRatePerSecond, 100);
  });
});
