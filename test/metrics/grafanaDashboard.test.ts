import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppMetrics } from '../../src/metrics/appMetrics';

const DASHBOARD = path.resolve('deploymentTemplates', 'grafana', 'line-omnichannel.json');

/** Names in a PromQL expression that look like metric names (functions and label names aside). */
function metricNamesOf(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '').replace(/\b(?:by|without)\s*\([^)]*\)/g, '').replace(/\[[^\]]*\]/g, '');
  return [...withoutLabels.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)].map((match) => match[1] ?? '').filter((name) => name.includes('_'));
}

describe('the Grafana dashboard', () => {
  it('queries only metrics the server exposes', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const metrics = new AppMetrics();
    const exposed = new Set<string>();
    for (const metric of await metrics.registry.getMetricsAsJSON()) {
      exposed.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(`${metric.name}${suffix}`);
    }
    const queried = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricNamesOf(target.expr)));
    assert.ok(queried.length > 10, 'the dashboard has queries');
    assert.deepEqual(queried.filter((name) => !exposed.has(name)), []);
  });
});
